-- Rows of dossier-processing tables that are a breakdown, not a unit: a level of government,
-- a service level, a month, a sector (seeds/breakdowns.csv). A row matched to a unit keeps
-- its unit (int_table_rows_matched_to_units wins); these rows reach fct_dossier_processing
-- with their breakdown instead, and never go to unit review.
with

table_rows as (
    select * from {{ ref('int_table_rows') }}
    where table_kind = 'dossier_processing' and row_kind = 'data'
),

breakdowns as (
    select * from {{ ref('breakdowns') }}
),

keyed as (
    select
        table_row_id,
        row_label,
        {{ fold('row_label') }} as label_key,
        cast(
            try_cast(
                regexp_extract({{ fold('row_label') }}, '^thang (\d+)', 1) as integer
            ) as varchar
        )
            as month_number
    from table_rows
),

matched as (
    select
        keyed.table_row_id,
        keyed.row_label,
        breakdowns.breakdown_kind,
        case
            when not breakdowns.by_label then breakdowns.breakdown_id
            when
                breakdowns.breakdown_kind = 'month'
                then breakdowns.breakdown_id || ':' || keyed.month_number
            else breakdowns.breakdown_id || ':' || keyed.label_key
        end as breakdown_id,
        coalesce(breakdowns.breakdown_name, keyed.row_label) as breakdown_name
    from keyed
    inner join breakdowns on regexp_matches(keyed.label_key, breakdowns.label_pattern)
    qualify row_number() over (
        partition by keyed.table_row_id order by breakdowns.priority, breakdowns.breakdown_id
    ) = 1
)

select * from matched
