-- Unit rows whose match is missing, weak or ambiguous, with the candidates and their scores:
-- an analyst adds a spelling to seeds/unit_aliases.csv (or a unit the package lacks to
-- seeds/units.csv) instead of the model guessing. Rows of a report without a province are
-- not matched anywhere. Rows that are a breakdown (int_table_rows_matched_to_breakdowns)
-- are not units and are not listed. A row the parser did not call a data row (a section
-- heading that carries numbers, often several rows glued into one) is never matched, yet
-- its numbers are routed to `unit_not_matched`: it is listed too, as `not_a_data_row`, so
-- that every row whose cells miss the facts for want of a unit is here.
with

matched as (
    select * from {{ ref('int_table_rows_matched_to_units') }}
),

breakdowns as (
    select table_row_id from {{ ref('int_table_rows_matched_to_breakdowns') }}
),

unmatched as (
    select
        table_row_id,
        table_id,
        document_id,
        unit_name_as_printed,
        province,
        province_code,
        province_unit_id,
        unit_type_hint,
        match_method,
        match_score,
        fuzzy_best_unit_id,
        fuzzy_margin,
        deterministic_candidates,
        candidates,
        source_line,
        case
            when province_unit_id is null then province_resolution
            when deterministic_candidates > 1 then 'ambiguous'
            when fuzzy_best_unit_id is not null then 'weak_match'
            else 'no_match'
        end as review_reason
    from matched
    where
        not is_accepted
        -- a breakdown row (Cấp huyện, Tháng 3, Lĩnh vực …) is not a unit that failed to match
        and table_row_id not in (select breakdowns.table_row_id from breakdowns)
),

-- rows whose cells are routed to unit_not_matched without having been matched at all
unmatched_cells as (
    select
        table_row_id,
        min(source_line) as source_line
    from {{ ref('int_table_cells_measured') }}
    where destination = 'unit_not_matched'
    group by table_row_id
),

not_data_rows as (
    select
        unmatched_cells.table_row_id,
        table_rows.table_id,
        table_rows.document_id,
        table_rows.row_label as unit_name_as_printed,
        table_rows.province,
        table_rows.province_code,
        table_rows.province_unit_id,
        null::varchar as unit_type_hint,
        'none' as match_method,
        0.0 as match_score,
        null::varchar as fuzzy_best_unit_id,
        null::double as fuzzy_margin,
        0 as deterministic_candidates,
        'row kind ' || table_rows.row_kind || ': not matched' as candidates,
        unmatched_cells.source_line,
        'not_a_data_row' as review_reason
    from unmatched_cells
    inner join {{ ref('int_table_rows') }} as table_rows
        on unmatched_cells.table_row_id = table_rows.table_row_id
    anti join matched on unmatched_cells.table_row_id = matched.table_row_id
)

select * from unmatched
union all
select * from not_data_rows
