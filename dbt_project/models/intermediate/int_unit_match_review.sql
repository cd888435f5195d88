-- Unit rows whose match is missing, weak or ambiguous: an analyst adds an alias to
-- seeds/unit_aliases.csv (or a unit to seeds/units.csv) instead of the model guessing.
select
    table_row_id,
    table_id,
    document_id,
    unit_name_as_printed,
    province,
    unit_type_hint,
    match_method,
    match_score,
    fuzzy_best_unit_id,
    fuzzy_margin,
    deterministic_candidates,
    source_line,
    case
        when deterministic_candidates > 1 then 'ambiguous: several units share this name'
        when match_method = 'none' and fuzzy_best_unit_id is not null then 'weak fuzzy match'
        else 'no unit found'
    end as review_reason
from {{ ref('int_table_rows_matched_to_units') }}
where not is_accepted
