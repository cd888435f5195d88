{#- One row per failing row of a data rule: the rule's predicate and its message, over the
    rule relations of this folder. A view: the data rules (orchestration/quality) read it
    after Great Expectations validated the same relations, so the findings and GX's counts
    describe the same state of the marts; marts.fct_data_quality_issue is its table.
    Severities come from the `rule_severity` meta of dbt_project.yml (Python reads it too). -#}
with

findings as (
    -- quarantine: a report that cannot be placed
    select
        {{ qa_rule('report_has_province_and_period') }},
        report_id,
        null::varchar as table_id,
        null::varchar as unit_id,
        null::varchar as indicator_id,
        null::varchar as measure,
        null::double as expected_value,
        null::double as actual_value,
        null::double as difference,
        file_name,
        null::integer as source_line,
        'report ' || {{ qa_text('file_name') }} || ': ' || missing_metadata as message
    from {{ ref('qa_reports') }}
    where missing_metadata is not null

    union all

    -- error: one finding per duplicated key, with how often it occurs
    select
        {{ qa_rule('mart_key_unique') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        null::varchar as measure,
        null::double as expected_value,
        occurrences::double as actual_value,
        null::double as difference,
        file_name,
        source_line,
        'marts.' || mart || '.' || key_column || ' = ' || {{ qa_text('key_value') }}
        || ' appears ' || occurrences || ' times' as message
    from (
        select
            *,
            count(*) over (partition by mart, key_value) as occurrences,
            row_number() over (partition by mart, key_value order by check_id) as copy_number
        from {{ ref('qa_mart_keys') }}
    )
    where occurrences > 1 and copy_number = 1

    union all

    -- quarantine: a unit row that matches no unit, several, or only weakly
    select
        {{ qa_rule('unit_row_matched_once') }},
        report_id,
        table_id,
        unit_id,
        null::varchar as indicator_id,
        null::varchar as measure,
        null::double as expected_value,
        null::double as actual_value,
        null::double as difference,
        file_name,
        source_line,
        'unit row '''
        || {{ qa_text('unit_name_as_printed') }}
        || ''' ('
        || {{ qa_text('province') }}
        || '): '
        || match_status
        || coalesce('; best fuzzy candidate ' || fuzzy_best_unit_id, '')
        || ' — add an alias to seeds/unit_aliases.csv or a unit to seeds/units.csv' as message
    from {{ ref('qa_unit_rows') }}
    where match_status != 'matched'

    union all

    -- error: a raw cell not counted in table_coverage
    select
        {{ qa_rule('raw_cells_counted_in_coverage') }},
        report_id,
        table_id,
        null::varchar as unit_id,
        null::varchar as indicator_id,
        null::varchar as measure,
        raw_cell_count::double as expected_value,
        coverage_cell_count::double as actual_value,
        cells_not_counted::double as difference,
        file_name,
        source_line,
        'table ''' || {{ qa_text('caption') }} || ''': ' || {{ qa_num('raw_cell_count') }}
        || ' cells in raw.table_cells, ' || {{ qa_num('coverage_cell_count') }}
        || ' counted in marts.table_coverage' as message
    from {{ ref('qa_coverage') }}
    where cells_not_counted != 0

    union all

    -- quarantine: cells that reach no mart, with the reasons
    select
        {{ qa_rule('cells_accounted_for') }},
        report_id,
        table_id,
        null::varchar as unit_id,
        null::varchar as indicator_id,
        null::varchar as measure,
        null::double as expected_value,
        cells_unaccounted::double as actual_value,
        null::double as difference,
        file_name,
        source_line,
        'table ''' || {{ qa_text('caption') }} || ''' (' || {{ qa_text('table_kind') }} || '): '
        || {{ qa_num('cells_unaccounted') }}
        || ' cells reach no mart: '
        || {{ qa_text('unaccounted_reasons') }}
            as message
    from {{ ref('qa_coverage') }}
    where cells_unaccounted != 0

    union all

    -- error: a cell bound for a mart that no row of it holds
    select
        {{ qa_rule('cell_reaches_mart') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        measure,
        null::double as expected_value,
        null::double as actual_value,
        null::double as difference,
        file_name,
        source_line,
        'cell '''
        || {{ qa_text('text_as_printed') }}
        || ''' ('
        || {{ qa_text('measure') }}
        || ') is bound for marts.'
        || {{ qa_text('destination') }} || ' but no row there holds it' as message
    from {{ ref('qa_cell_reach') }}
    where reach_status != 'in_mart'

    union all

    -- error: a mart value unlike its raw cell
    select
        {{ qa_rule('mart_value_matches_print') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        measure,
        expected_value,
        mart_number as actual_value,
        difference,
        file_name,
        source_line,
        'marts.' || {{ qa_text('destination') }} || ' holds '
        || case
            when part = 'text' then '''' || {{ qa_text('mart_text') }} || ''''
            else {{ qa_num('mart_number') }} || ' (' || part || ')'
        end
        || ' for a cell printed ''' || {{ qa_text('text_as_printed') }} || '''' as message
    from {{ ref('qa_mart_values') }}
    where value_check != 'match'

    union all

    -- warning: a mart value read from a print that is not the locale's
    select
        {{ qa_rule('value_read_from_irregular_print') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        measure,
        null::double as expected_value,
        mart_number as actual_value,
        null::double as difference,
        file_name,
        source_line,
        'marts.' || {{ qa_text('destination') }} || ' holds ' || {{ qa_num('mart_number') }}
        || ' for a cell printed ''' || {{ qa_text('text_as_printed') }} || ''' ('
        || value_issue || '): check the source' as message
    from {{ ref('qa_mart_values') }}
    where value_issue is not null

    union all
    {{ qa_components_finding(
        'qa_dossier_rows', 'received_components_sum', 'received_total',
        ['received_online', 'received_offline', 'carried_over'], 'received_difference', 'received_components'
    ) }}

    union all
    {{ qa_components_finding(
        'qa_dossier_rows', 'resolved_components_sum', 'resolved_total',
        ['resolved_early', 'resolved_on_time', 'resolved_late'], 'resolved_difference', 'resolved_components'
    ) }}

    union all
    {{ qa_components_finding(
        'qa_dossier_rows', 'pending_components_sum', 'pending_total',
        ['pending_within_deadline', 'pending_overdue'], 'pending_difference', 'pending_components'
    ) }}

    union all
    {{ qa_components_finding(
        'qa_dossier_rows', 'received_equals_resolved_plus_pending', 'received_total',
        ['resolved_total', 'pending_total'], 'balance_difference', 'outcome_components'
    ) }}

    union all
    {{ qa_components_finding(
        'qa_online_rows', 'online_total_components_sum', 'fp_total',
        ['fp_processed_online', 'fp_processed_in_person'], 'total_difference', 'total_components'
    ) }}

    union all

    -- warning: an indicator total against its printed breakdown
    select
        {{ qa_rule('indicator_components_sum') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        measure,
        components_sum as expected_value,
        printed_total as actual_value,
        difference,
        file_name,
        source_line,
        {{ qa_row_name('row_label') }} || ': printed ' || {{ qa_text('total_as_printed') }} || ' ≠ '
        || {{ qa_text('components_as_printed') }}
        || ' = '
        || {{ qa_num('components_sum') }} as message
    from {{ ref('qa_indicator_components') }}
    where abs(difference_in_last_digits) > {{ qa_tolerance('half_unit') }}

    union all

    -- warning: a totals row against the rows it totals
    select
        {{ qa_rule('totals_row_matches_unit_rows') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        measure,
        unit_rows_sum as expected_value,
        printed_total as actual_value,
        difference,
        file_name,
        source_line,
        'totals row '''
        || {{ qa_text('row_label') }}
        || ''' prints '
        || {{ qa_text('measure') }}
        || ' '
        || {{ qa_text('total_as_printed') }}
        || ', its '
        || {{ qa_num('unit_rows_counted') }}
        || ' unit rows sum to '
        || {{ qa_num('unit_rows_sum') }}
        || ' (difference '
        || {{ qa_num('difference') }}
        || ')' as message
    from {{ ref('qa_totals') }}
    where abs(difference_in_last_digits) > {{ qa_tolerance('half_unit') }}

    union all

    -- warning: a printed rate against numerator / denominator x 100
    select
        {{ qa_rule('printed_rate_matches_components') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        measure,
        expected_rate as expected_value,
        printed_rate as actual_value,
        rate_difference as difference,
        file_name,
        source_line,
        {{ qa_row_name('row_label') }}
        || ': printed rate '
        || {{ qa_text('rate_as_printed') }}
        || ' ≠ '
        || coalesce(formula, 'None')
        || ' = '
        || {{ qa_num('numerator') }}
        || ' / '
        || {{ qa_num('denominator') }}
        || ' x 100 = ' || {{ qa_num('round_even(expected_rate, 4)') }} as message
    from {{ ref('qa_ratios') }}
    where
        rate_deviation_in_last_digits <= {{ qa_tolerance('truncated_unit') }}
        or rate_deviation_in_last_digits > {{ qa_tolerance('half_unit') }}

    union all

    -- warning: a part larger than its whole
    select
        {{ qa_rule('fraction_numerator_within_denominator') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        measure,
        denominator as expected_value,
        numerator as actual_value,
        numerator_excess as difference,
        file_name,
        source_line,
        {{ qa_row_name('row_label') }}
        || ': numerator '
        || {{ qa_num('numerator') }}
        || ' exceeds denominator '
        || {{ qa_num('denominator') }} || ' (' || ratio_source || ')' as message
    from {{ ref('qa_ratios') }}
    where numerator_excess > 0

    union all

    -- warning: a percentage outside 0-100
    select
        {{ qa_rule('percentage_within_0_100') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        measure,
        null::double as expected_value,
        percentage as actual_value,
        null::double as difference,
        file_name,
        source_line,
        {{ qa_row_name('row_label') }}
        || ': percentage '
        || {{ qa_text('text_as_printed') }}
        || ' outside 0–100'
            as message
    from {{ ref('qa_percentages') }}
    where percentage < 0 or percentage > 100

    union all

    -- warning: a count indicator holding a fraction
    select
        {{ qa_rule('count_is_whole') }},
        report_id,
        table_id,
        null::varchar as unit_id,
        indicator_id,
        measure,
        null::double as expected_value,
        count_value as actual_value,
        fraction as difference,
        file_name,
        source_line,
        {{ qa_row_name('row_label') }}
        || ': count printed '''
        || {{ qa_text('text_as_printed') }}
        || ''' is not whole'
            as message
    from {{ ref('qa_counts') }}
    where fraction != 0

    union all

    -- warning: a printed change against its two snapshots
    select
        {{ qa_rule('change_matches_snapshots') }},
        report_id,
        table_id,
        unit_id,
        indicator_id,
        compared_measure as measure,
        expected_change as expected_value,
        printed_change as actual_value,
        difference,
        file_name,
        source_line,
        {{ qa_row_name('row_label') }} || ': '
        || case when mismatch = 'sign' then 'sign of the printed change' else 'printed change' end
        || ' '
        || {{ qa_text('change_as_printed') }}
        || ' disagrees with '
        || {{ qa_text('compared_measure') }}
        || ' '
        || {{ qa_text('earlier_as_printed') }} || ' → ' || {{ qa_text('later_as_printed') }}
        || ' (difference ' || {{ qa_num('round_even(expected_change, 6)') }} || ')' as message
    from {{ ref('qa_changes') }}
    where abs(difference_in_last_digits) > {{ qa_tolerance('half_unit') }}
)

select
    rule_id,
    severity,
    report_id,
    table_id,
    unit_id,
    indicator_id,
    measure,
    -- rounded half to even (as Python's round): 98,0 → 99,9 reads as 1.9, not 1.9000000000000057
    round_even(expected_value, 9) as expected_value,
    round_even(actual_value, 9) as actual_value,
    round_even(difference, 9) as difference,
    file_name,
    source_line::integer as source_line,
    message
from findings
