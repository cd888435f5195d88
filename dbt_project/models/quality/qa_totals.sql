-- One row per cell of a printed totals row (Tổng, Cộng, TỔNG SỐ): the sum of the data rows
-- it totals, measure by measure and snapshot date (rule totals_row_matches_unit_rows:
-- difference_in_last_digits within half a unit of the total's last printed decimal).
-- Rates (*_pct) and fractions are not summed.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where
        measure is not null
        and value_number is not null
        and value_kind in ('integer', 'decimal', 'change')
        and measure not like '%\_pct' escape '\'
        and row_kind in ('data', 'total')
),

totals as (
    select * from cells
    where row_kind = 'total'
),

total_rows as (
    select distinct
        table_id,
        row_index
    from totals
),

bounds as (
    -- with several totals rows (subtotals), each sums the data rows since the previous one
    select
        table_id,
        row_index,
        lag(row_index, 1, -1) over (partition by table_id order by row_index) as previous_total,
        lead(row_index, 1, 2147483647) over (partition by table_id order by row_index) as next_total
    from total_rows
),

sums as (
    select
        totals.cell_id,
        sum(data.value_number) filter (where data.row_index < totals.row_index) as sum_above,
        count(data.cell_id) filter (where data.row_index < totals.row_index) as rows_above,
        sum(data.value_number) filter (where data.row_index > totals.row_index) as sum_below,
        count(data.cell_id) filter (where data.row_index > totals.row_index) as rows_below
    from totals
    inner join bounds on totals.table_id = bounds.table_id and totals.row_index = bounds.row_index
    left join cells as data
        on
            totals.table_id = data.table_id
            and data.row_kind = 'data'
            and totals.measure = data.measure
            and totals.header_date is not distinct from data.header_date
            and bounds.previous_total < data.row_index
            and bounds.next_total > data.row_index
    group by totals.cell_id
),

compared as (
    select
        totals.cell_id as check_id,
        totals.document_id as report_id,
        totals.table_id,
        null::varchar as unit_id,
        null::varchar as indicator_id,
        totals.measure,
        totals.header_date,
        totals.row_label,
        totals.text_as_printed as total_as_printed,
        totals.value_number as printed_total,
        -- a totals row printed above its rows (TỔNG SỐ first) sums the rows below it
        case when sums.rows_above > 0 then sums.sum_above else sums.sum_below end as unit_rows_sum,
        case when sums.rows_above > 0 then sums.rows_above else sums.rows_below end
            as unit_rows_counted,
        totals.source_line
    from totals
    inner join sums on totals.cell_id = sums.cell_id
)

select
    compared.*,
    case
        when compared.unit_rows_counted > 0 then compared.printed_total - compared.unit_rows_sum
    end as difference,
    case
        when compared.unit_rows_counted > 0 then compared.printed_total - compared.unit_rows_sum
    end
    / {{ last_digit_unit('compared.total_as_printed') }} as difference_in_last_digits,
    documents.file_key as file_name
from compared
left join {{ ref('stg_raw__documents') }} as documents on compared.report_id = documents.document_id
