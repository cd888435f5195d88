-- Unit rows whose match is missing, weak or ambiguous, with the candidates and their scores:
-- an analyst adds a spelling to seeds/unit_aliases.csv (or a unit the package lacks to
-- seeds/units.csv) instead of the model guessing. Rows of a report without a province are
-- not matched anywhere. Rows that are a breakdown (int_table_rows_matched_to_breakdowns)
-- are not units and are not listed.
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
from {{ ref('int_table_rows_matched_to_units') }}
where
    not is_accepted
    -- a breakdown row (Cấp huyện, Tháng 3, Lĩnh vực …) is not a unit that failed to match
    and table_row_id not in (
        select breakdowns.table_row_id from {{ ref('int_table_rows_matched_to_breakdowns') }} as breakdowns
    )
