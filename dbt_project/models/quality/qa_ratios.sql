-- One row per printed rate with its numerator and denominator, or per printed fraction
-- (rules printed_rate_matches_components: rate_deviation_in_last_digits in (-1, 0.5], i.e.
-- rounding or truncation of the last printed decimal, not evaluated when the denominator is
-- 0; fraction_numerator_within_denominator: numerator_excess <= 0).
with

cells as (
    select * from {{ ref('int_table_cells_measured') }}
),

online as (
    select
        table_row_id as check_id,
        'online_processing_row' as ratio_source,
        any_value(document_id) as report_id,
        any_value(table_id) as table_id,
        any_value(case when is_unit_accepted then unit_id end) as unit_id,
        null::varchar as indicator_id,
        'fp_online_rate_pct' as measure,
        any_value(row_label) as row_label,
        sum(value_number) filter (where measure = 'fp_processed_online') as numerator,
        sum(value_number) filter (where measure = 'fp_total') as denominator,
        max(value_number) filter (
            where measure = 'fp_online_rate_pct' and value_kind in ('integer', 'decimal', 'percent')
        ) as printed_rate,
        max(text_as_printed) filter (where measure = 'fp_online_rate_pct') as rate_as_printed,
        '(1) / (3) x 100' as formula,
        min(source_line) as source_line
    from cells
    where table_kind = 'online_processing' and row_kind in ('data', 'total')
    group by table_row_id
),

indicator_rates as (
    select
        rate.indicator_value_id as check_id,
        'indicator' as ratio_source,
        rate.report_id,
        rate.table_id,
        null::varchar as unit_id,
        rate.indicator_id,
        'indicator_value' as measure,
        rate.row_code || ' ' || rate.indicator_name_as_printed as row_label,
        numerator.value_number as numerator,
        denominator.value_number as denominator,
        rate.value_number as printed_rate,
        rate.value_as_printed as rate_as_printed,
        coalesce(numerator.row_code, indicators.numerator_indicator_id) || ' / '
        || coalesce(denominator.row_code, indicators.denominator_indicator_id)
        || ' x 100' as formula,
        rate.source_line
    from {{ ref('fct_indicator_value') }} as rate
    inner join {{ ref('dim_indicator') }} as indicators
        on
            rate.indicator_id = indicators.indicator_id
            and indicators.numerator_indicator_id is not null
    left join {{ ref('fct_indicator_value') }} as numerator
        on
            rate.table_id = numerator.table_id
            and indicators.numerator_indicator_id = numerator.indicator_id
            and numerator.value_kind in ('integer', 'decimal', 'percent')
    left join {{ ref('fct_indicator_value') }} as denominator
        on
            rate.table_id = denominator.table_id
            and indicators.denominator_indicator_id = denominator.indicator_id
            and denominator.value_kind in ('integer', 'decimal', 'percent')
    where rate.value_kind in ('integer', 'decimal', 'percent')
    -- the components printed nearest the rate (a table could repeat an indicator)
    qualify row_number() over (
        partition by rate.indicator_value_id
        order by
            abs(numerator.source_line - rate.source_line),
            abs(denominator.source_line - rate.source_line)
    ) = 1
),

fractions as (
    select
        fraction.cell_id as check_id,
        'printed_fraction' as ratio_source,
        fraction.document_id as report_id,
        fraction.table_id,
        case when fraction.is_unit_accepted then fraction.unit_id end as unit_id,
        fraction.indicator_id,
        fraction.measure,
        fraction.row_label,
        fraction.value_numerator as numerator,
        fraction.value_denominator as denominator,
        rate.value_number as printed_rate,
        rate.text_as_printed as rate_as_printed,
        fraction.text_as_printed || ' x 100' as formula,
        fraction.source_line
    from cells as fraction
    left join cells as rate
        on
            fraction.table_row_id = rate.table_row_id
            and fraction.header_date is not distinct from rate.header_date
            and rate.measure like '%\_pct' escape '\'
            and rate.value_kind in ('integer', 'decimal', 'percent')
    where fraction.value_kind = 'fraction'
    qualify row_number() over (partition by fraction.cell_id order by rate.column_index) = 1
),

ratios as (
    select * from online
    union all by name
    select * from indicator_rates
    union all by name
    select * from fractions
),

computed as (
    select
        ratios.*,
        case when ratios.denominator > 0 then ratios.numerator / ratios.denominator * 100 end
            as expected_rate
    from ratios
)

select
    computed.*,
    computed.printed_rate - computed.expected_rate as rate_difference,
    -- in units of the last printed decimal: rounding gives [-0.5, 0.5], truncation (-1, 0]
    (computed.printed_rate - computed.expected_rate)
    / {{ last_digit_unit('computed.rate_as_printed') }} as rate_deviation_in_last_digits,
    computed.numerator - computed.denominator as numerator_excess,
    documents.file_key as file_name
from computed
left join {{ ref('stg_raw__documents') }} as documents on computed.report_id = documents.document_id
