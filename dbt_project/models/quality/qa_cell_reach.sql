-- One row per cell bound for a mart: did any mart row take it?
-- (rule cell_reaches_mart: reach_status = 'in_mart')
select
    cell_id as check_id,
    cell_id,
    any_value(report_id) as report_id,
    any_value(table_id) as table_id,
    any_value(unit_id) as unit_id,
    any_value(indicator_id) as indicator_id,
    any_value(file_name) as file_name,
    any_value(source_line) as source_line,
    any_value(measure) as measure,
    any_value(destination) as destination,
    any_value(text_as_printed) as text_as_printed,
    case when bool_or(in_mart) then 'in_mart' else 'missing' end as reach_status
from {{ ref('qa_mart_values') }}
group by cell_id
