-- Each table's kind (dossier processing, indicator table, …) from the measures its header
-- maps to, and the data period it covers: its own caption's period, else the report's
-- data period (số liệu từ … đến …), else the report's nominal period.
with

tables as (
    select * from {{ ref('stg_raw__tables') }}
),

reports as (
    select * from {{ ref('stg_raw__report_metadata') }}
),

column_kinds as (
    select
        table_id,
        measure_table_kind,
        count(*) as column_count
    from {{ ref('int_table_columns_mapped_to_measures') }}
    -- the first header decides; repeated headers only say how their own rows are read
    where measure_table_kind is not null and header_variant = 0
    group by 1, 2
),

table_kind as (
    select
        table_id,
        arg_max(measure_table_kind, column_count) as table_kind
    from column_kinds
    group by 1
),

classified as (
    select
        tables.table_id,
        tables.document_id,
        tables.table_index,
        tables.layout,
        tables.caption,
        tables.appendix_label,
        tables.line_start,
        tables.snapshot_dates,
        coalesce(table_kind.table_kind, 'unrecognised') as table_kind,
        coalesce(tables.data_period_start, reports.data_period_start, reports.period_start)
            as period_start,
        coalesce(tables.data_period_end, reports.data_period_end, reports.period_end) as period_end,
        case
            when tables.data_period_start is not null then 'table_caption'
            when reports.data_period_start is not null then 'report_data_period'
            when reports.period_start is not null then 'report'
        end as period_source,
        reports.province
    from tables
    left join table_kind on tables.table_id = table_kind.table_id
    left join reports on tables.document_id = reports.document_id
)

select * from classified
