-- Header paths -> canonical measures, driven by seeds/measure_dictionary.csv.
-- Only the first header of a table (variant 0) is mapped: a header repeated after a page
-- break aligns with it by column code, and its disagreements are parse issues already.
with

columns as (
    select * from {{ ref('stg_raw__table_columns') }}
    where header_variant = 0
),

dictionary as (
    select * from {{ ref('measure_dictionary') }}
),

candidates as (
    select
        columns.table_column_id,
        dictionary.measure,
        dictionary.table_kind,
        row_number() over (
            partition by columns.table_column_id
            order by dictionary.priority, length(dictionary.header_pattern) desc
        ) as rank_in_column
    from columns
    inner join dictionary
        on columns.header_path_key like dictionary.header_pattern
),

mapped as (
    select
        columns.table_column_id,
        columns.table_id,
        columns.document_id,
        columns.column_index,
        columns.column_code,
        columns.header_path,
        candidates.measure,
        candidates.table_kind as measure_table_kind,
        try_strptime(
            regexp_extract(columns.header_path, 'ngày\s*(\d{1,2}/\d{1,2}/\d{4})', 1), '%d/%m/%Y'
        )::date as header_date
    from columns
    left join candidates
        on
            columns.table_column_id = candidates.table_column_id
            and candidates.rank_in_column = 1
)

select * from mapped
