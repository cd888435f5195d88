-- Grain: one row per report x reason x table (null for whole-report reasons). The review
-- list of quarantine: what of a report could not be placed, why, how much, and the first
-- source line to look at. A report listed here is still in raw.* and everything of it that
-- could be placed is in the marts; only the cells counted here are kept out of them.
with

documents as (
    select * from {{ ref('stg_raw__documents') }}
),

reports as (
    select * from {{ ref('dim_report') }}
),

cells as (
    select * from {{ ref('int_table_cells_measured') }}
),

tables as (
    select * from {{ ref('int_tables_classified') }}
),

parse_issues as (
    select * from {{ ref('stg_raw__parse_issues') }}
),

-- Files that never became a report: unreadable, not a text report, the same report again.
unparsed_files as (
    select
        document_id as report_id,
        file_key as file_name,
        cast(null as varchar) as table_id,
        'file_' || status as reason,
        'document_parsed' as rule_id,
        1 as finding_count,
        cast(null as integer) as source_line,
        error as detail
    from documents
    where not is_parsed
),

-- A report that cannot be placed in space or time: its per-period facts and its unit rows
-- wait for it (the cells are counted below under their own reasons).
unplaced_reports as (
    select
        reports.report_id,
        reports.file_name,
        cast(null as varchar) as table_id,
        missing.reason,
        'report_has_province_and_period' as rule_id,
        1 as finding_count,
        min(parse_issues.source_line) as source_line,
        any_value(parse_issues.message) as detail
    from reports
    cross join (values ('province_missing'), ('period_missing')) as missing (reason)
    left join parse_issues
        on reports.report_id = parse_issues.document_id and missing.reason = parse_issues.issue_code
    where
        (missing.reason = 'province_missing' and reports.province is null)
        or (
            missing.reason = 'period_missing'
            and (reports.period_start is null or reports.period_end is null)
        )
    group by all
),

-- Cells that reach no mart, per table and reason (the rows' labels say which rows).
unplaced_cells as (
    select
        cells.document_id as report_id,
        documents.file_key as file_name,
        cells.table_id,
        cells.destination as reason,
        case cells.destination
            when 'unit_not_matched' then 'unit_row_matched_once'
            else 'cells_accounted_for'
        end as rule_id,
        count(*) as finding_count,
        min(cells.source_line) as source_line,
        string_agg(distinct cells.row_label, '; ' order by cells.row_label)
        filter (
            where cells.destination in (
                'unit_not_matched', 'indicator_not_matched', 'table_cut_off'
            )
        )
            as detail
    from cells
    inner join documents on cells.document_id = documents.document_id
    where
        cells.destination not like 'fct_%'
        and cells.destination not in ('structure', 'totals_row')
    group by cells.document_id, documents.file_key, cells.table_id, cells.destination
),

review as (
    select * from unparsed_files
    union all
    select * from unplaced_reports
    union all
    select * from unplaced_cells
)

select
    review.report_id || ':' || review.reason || coalesce(':' || review.table_id, '') as review_id,
    review.report_id,
    review.file_name,
    review.table_id,
    tables.caption as table_caption,
    review.reason,
    review.rule_id,
    review.finding_count,
    review.source_line,
    review.detail
from review
left join tables on review.table_id = tables.table_id
