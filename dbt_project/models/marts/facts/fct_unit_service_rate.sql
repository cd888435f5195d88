-- Grain: one row per report x unit x rate type x snapshot date. Online-service rate (Tỷ lệ
-- cung cấp DVC trực tuyến) and online-payment rate (Tỷ lệ thanh toán trực tuyến) as printed,
-- with the printed change (Tăng/Giảm so với ngày …) on the later snapshot.
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where destination = 'fct_unit_service_rate'
),

matches as (
    select * from {{ ref('int_table_rows_matched_to_units') }}
),

rates as (
    select * from cells
    where measure in ('online_service_rate_pct', 'online_payment_rate_pct')
),

changes as (
    {{ printed_changes('cells') }}
)

select
    rates.cell_id as unit_service_rate_id,
    rates.document_id as report_id,
    rates.table_id,
    matches.unit_id,
    matches.unit_name_as_printed,
    matches.match_method as unit_match_method,
    case rates.measure
        when 'online_service_rate_pct' then 'online_service'
        when 'online_payment_rate_pct' then 'online_payment'
    end as rate_type,
    rates.text_as_printed as rate_as_printed,
    rates.value_number as rate_pct,
    changes.text_as_printed as change_as_printed,
    changes.value_number as change_pct_points,
    rates.source_line,
    rates.header_date as snapshot_date,
    changes.change_base_date
from rates
inner join matches on rates.table_row_id = matches.table_row_id
left join changes
    on rates.table_row_id = changes.table_row_id and rates.header_date > changes.change_base_date
