-- Grain: one row per raw table. The "nothing lost" figure: how many of its cells reached a
-- mart, how many are structure (row codes, labels) or totals rows, and how many went
-- nowhere, each with the reason (unrecognised table, unmapped column, unmatched row).
-- coverage_pct: share of value cells (not structure, not totals rows) that reached a mart.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
),

tables as (
    select * from {{ ref('int_tables_classified') }}
),

counted as (
    select
        table_id,
        count(*) as cell_count,
        count(*) filter (where destination like 'fct_%') as cells_in_marts,
        count(*) filter (where destination = 'structure') as structure_cells,
        count(*) filter (where destination = 'totals_row') as totals_row_cells,
        count(*) filter (
            where destination not like 'fct_%' and destination not in ('structure', 'totals_row')
        )
            as cells_unaccounted,
        string_agg(distinct destination, ', ' order by destination)
        filter (
            where destination not like 'fct_%' and destination not in ('structure', 'totals_row')
        )
            as unaccounted_reasons
    from cells
    group by table_id
)

select
    tables.table_id,
    tables.document_id as report_id,
    tables.table_index,
    tables.table_kind,
    tables.caption,
    coalesce(counted.cell_count, 0) as cell_count,
    coalesce(counted.cells_in_marts, 0) as cells_in_marts,
    coalesce(counted.structure_cells, 0) as structure_cells,
    coalesce(counted.totals_row_cells, 0) as totals_row_cells,
    coalesce(counted.cells_unaccounted, 0) as cells_unaccounted,
    counted.unaccounted_reasons,
    round(
        100.0 * coalesce(counted.cells_in_marts, 0)
        / nullif(coalesce(counted.cell_count, 0) - coalesce(counted.structure_cells, 0), 0), 1)
        as coverage_pct
from tables
left join counted on tables.table_id = counted.table_id
