-- One row per indicator value printed as the total of a breakdown listed in
-- seeds/indicator_components.csv (rule indicator_components_sum: difference_in_last_digits
-- within half a unit of the total's last printed decimal; evaluated only when every
-- component is printed: a missing row is not a disagreement).
with

components as (
    select distinct
        total_indicator_id,
        component_indicator_id
    from {{ ref('indicator_components') }}
),

indicator_values as (
    select * from {{ ref('fct_indicator_value') }}
    where value_kind in ('integer', 'decimal', 'percent')
),

totals as (
    select
        indicator_values.*,
        (
            select count(*) from components
            where components.total_indicator_id = indicator_values.indicator_id
        ) as components_defined
    from indicator_values
    where indicator_values.indicator_id in (select components.total_indicator_id from components)
),

component_values as (
    -- the component printed nearest its total (a table could repeat an indicator)
    select
        totals.indicator_value_id,
        components.component_indicator_id,
        part.value_number,
        coalesce(part.row_code || ' ', '') || part.value_as_printed as part_as_printed,
        part.source_line
    from totals
    inner join components on totals.indicator_id = components.total_indicator_id
    inner join indicator_values as part
        on totals.table_id = part.table_id and components.component_indicator_id = part.indicator_id
    qualify row_number() over (
        partition by totals.indicator_value_id, components.component_indicator_id
        order by abs(part.source_line - totals.source_line)
    ) = 1
),

sums as (
    select
        indicator_value_id,
        sum(value_number) as components_sum,
        count(*) as components_found,
        string_agg(part_as_printed, ' + ' order by source_line) as components_as_printed
    from component_values
    group by indicator_value_id
),

compared as (
    select
        totals.indicator_value_id as check_id,
        totals.report_id,
        totals.table_id,
        null::varchar as unit_id,
        totals.indicator_id,
        'indicator_value' as measure,
        totals.row_code || ' ' || totals.indicator_name_as_printed as row_label,
        totals.value_as_printed as total_as_printed,
        totals.value_number as printed_total,
        sums.components_sum,
        sums.components_as_printed,
        sums.components_found,
        totals.components_defined,
        totals.source_line,
        case
            when
                sums.components_found = totals.components_defined
                then totals.value_number - sums.components_sum
        end as difference
    from totals
    left join sums on totals.indicator_value_id = sums.indicator_value_id
)

select
    compared.*,
    compared.difference
    / {{ last_digit_unit('compared.total_as_printed') }} as difference_in_last_digits,
    documents.file_key as file_name
from compared
left join {{ ref('stg_raw__documents') }} as documents on compared.report_id = documents.document_id
