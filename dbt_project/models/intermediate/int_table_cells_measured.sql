-- Every table cell with what it is: the measure of its column (value cells), the row it is
-- on, the unit or indicator the row was matched to, and the mart it feeds (`destination`)
-- or why it feeds none. table_coverage counts these destinations.
-- A report's own problems route its cells to a reason instead of a mart (quarantine): a
-- row cut off by the end of the file (`table_cut_off`), a report with no period for the
-- facts that are per period (`period_missing`), a row that matches no unit.
{%- set marts_per_period = [
    'fct_dossier_processing', 'fct_online_processing', 'fct_indicator_value'
] %}
with

cells as (
    select * from {{ ref('stg_raw__table_cells') }}
),

measures as (
    select * from {{ ref('int_table_columns_mapped_to_measures') }}
),

tables as (
    select * from {{ ref('int_tables_classified') }}
),

unit_matches as (
    select * from {{ ref('int_table_rows_matched_to_units') }}
),

breakdown_matches as (
    select * from {{ ref('int_table_rows_matched_to_breakdowns') }}
),

indicator_matches as (
    select * from {{ ref('int_indicator_rows_matched') }}
),

overrides as (
    select * from {{ ref('value_overrides') }}
),

joined as (
    select
        cells.*,
        tables.table_kind,
        tables.period_start,
        tables.period_end,
        measures.measure,
        measures.header_path,
        measures.column_code,
        measures.header_date,
        unit_matches.unit_id,
        unit_matches.match_method as unit_match_method,
        unit_matches.is_accepted as is_unit_accepted,
        breakdown_matches.breakdown_id,
        indicator_matches.indicator_id,
        overrides.corrected_value,
        overrides.reason as override_reason
    from cells
    inner join tables on cells.table_id = tables.table_id
    left join measures
        on
            cells.table_id = measures.table_id
            and cells.header_variant = measures.header_variant
            and cells.column_index = measures.column_index
    left join unit_matches on cells.table_row_id = unit_matches.table_row_id
    left join breakdown_matches on cells.table_row_id = breakdown_matches.table_row_id
    left join indicator_matches on cells.table_row_id = indicator_matches.table_row_id
    left join overrides
        on
            cells.table_id = overrides.table_id
            and cells.row_index = overrides.row_index
            and cells.column_index = overrides.column_index
)

select
    *,
    case
        when table_kind = 'unrecognised' then 'unrecognised_table'
        -- Row codes and labels are structure: ingest marks them (value_kind, ingest/tabulate.py
        -- `_structural_kind`), so which columns they are is decided there alone.
        when
            value_kind in ('row_code', 'label')
            and not (table_kind = 'policy_document' and column_index = 1)
            then 'structure'
        when row_kind = 'section' and value_kind in ('row_code', 'label') then 'structure'
        when row_kind = 'cut_off' then 'table_cut_off'
        when row_kind = 'total' then 'totals_row'
        when measure is null then 'unmapped_column'
        when
            measure in (
                '{{ count_measures() | join("', '") }}'  -- noqa: LT05
            )
            and value_number != trunc(value_number)
            then 'count_not_integer'
        when
            period_start is null and (
                case table_kind
                    when 'indicator' then 'fct_indicator_value' else 'fct_' || table_kind
                end
            ) in (
                '{{ marts_per_period | join("', '") }}'  -- noqa: LT05
            )
            then 'period_missing'
        when
            table_kind in (
                '{{ var("unit_table_kinds") | join("', '") }}'  -- noqa: LT05
            )
            and not coalesce(is_unit_accepted, false) and breakdown_id is null
            then 'unit_not_matched'
        when table_kind = 'indicator' and indicator_id is null then 'indicator_not_matched'
        else case table_kind
            when 'indicator' then 'fct_indicator_value'
            when 'service_index' then 'fct_service_index_score'
            else 'fct_' || table_kind
        end
    end as destination
from joined
