-- One row per table row, with its code, label, kind, the table it belongs to, and the report's
-- province resolved to a province unit (ref_units) valid on the row's period: by the official
-- code when raw.report_metadata carries `province_code`, else by the accent-folded short name.
{%- set has_province_code = relation_has_column(ref('stg_raw__report_metadata'), 'province_code') %}
{%- set has_province_edition = relation_has_column(
    ref('stg_raw__report_metadata'), 'province_edition'
) %}
with

cells as (
    select * from {{ ref('stg_raw__table_cells') }}
),

tables as (
    select * from {{ ref('int_tables_classified') }}
),

reports as (
    select * from {{ ref('stg_raw__report_metadata') }}
),

provinces as (
    select * from {{ ref('ref_units') }}
    where unit_type = 'province'
),

rows as (
    select
        table_row_id,
        table_id,
        document_id,
        row_index,
        any_value(row_code) as row_code,
        any_value(row_code_norm) as row_code_norm,
        any_value(row_label) as row_label,
        any_value(row_kind) as row_kind,
        any_value(section_code) as section_code,
        min(source_line) as source_line,
        count(*) as cell_count,
        count(*) filter (where value_kind not in ('row_code', 'label')) as value_cell_count
    from cells
    group by table_row_id, table_id, document_id, row_index
),

with_tables as (
    select
        rows.*,
        tables.table_kind,
        reports.province,
        -- the column another engineer is adding to raw.report_metadata; null until it lands
        nullif(trim({{ 'reports.province_code' if has_province_code else 'null' }}::varchar), '')
            as province_code,
        -- which list the code is from (`legacy` 63 provinces, `2025` 34): a code means
        -- something only with its edition (24 was Bắc Giang, is Bắc Ninh from 1/7/2025)
        {{ 'reports.province_edition' if has_province_edition else 'null' }}::varchar
            as province_edition,
        tables.period_start,
        tables.period_end,
        reports.issued_date
    from rows
    inner join tables on rows.table_id = tables.table_id
    left join reports on rows.document_id = reports.document_id
),

-- Province units the report's province can be. A code of the legacy edition is a
-- legacy_unit_code, of the 2025 edition the unit_code of a province that exists from 1/7/2025
-- (seven continuing provinces changed code); without an edition, the period decides (before
-- 1/7/2025: legacy).
province_candidates as (
    select
        with_tables.table_row_id,
        provinces.unit_id
    from with_tables
    inner join provinces
        on
            provinces.valid_from <= coalesce(with_tables.period_end, provinces.valid_from)
            and coalesce(provinces.valid_to, date '9999-12-31')
            >= coalesce(with_tables.period_start, provinces.valid_from)
            and (
                (
                    with_tables.province_code is not null
                    and (
                        (
                            with_tables.province_code = provinces.legacy_unit_code
                            and coalesce(
                                with_tables.province_edition = 'legacy',
                                coalesce(with_tables.period_start, date '2000-01-01')
                                < date '2025-07-01'
                            )
                        )
                        or (
                            provinces.unit_code = with_tables.province_code
                            -- a code of the 2025 list names one of the 34 provinces, never a
                            -- merged province that once had the same code (44 Quảng Bình)
                            and coalesce(provinces.valid_to, date '9999-12-31') >= date '2025-07-01'
                            and coalesce(
                                with_tables.province_edition = '2025',
                                coalesce(with_tables.period_end, date '9999-12-31')
                                >= date '2025-07-01'
                            )
                        )
                    )
                )
                or (
                    with_tables.province_code is null
                    and {{ folded_name_key('provinces.province') }}
                    = {{ folded_name_key('with_tables.province') }}
                )
            )
),

resolved as (
    select
        table_row_id,
        case when count(distinct unit_id) = 1 then min(unit_id) end as province_unit_id,
        count(distinct unit_id) as province_candidates
    from province_candidates
    group by table_row_id
)

select
    with_tables.*,
    resolved.province_unit_id,
    case
        when
            with_tables.province is null and with_tables.province_code is null
            then 'province_missing'
        when
            resolved.province_unit_id is not null and with_tables.province_code is not null
            then 'code'
        when resolved.province_unit_id is not null then 'name'
        when coalesce(resolved.province_candidates, 0) > 1 then 'province_ambiguous'
        else 'province_unknown'
    end as province_resolution
from with_tables
left join resolved on with_tables.table_row_id = resolved.table_row_id
