-- One row per data row of a unit table (breakdown rows such as Cấp huyện are not units):
-- how it matched (rule unit_row_matched_once: match_status = 'matched').
with

unit_rows as (
    select * from ({{ unit_table_rows() }}) as unit_table_rows
    where
        table_row_id not in (
            select breakdowns.table_row_id
            from {{ ref('int_table_rows_matched_to_breakdowns') }} as breakdowns
        )
),

matches as (
    select
        table_row_id,
        count(*) as match_rows,
        count(distinct unit_id) as matched_units,
        bool_and(is_accepted) as is_accepted,
        min(unit_id) as unit_id,
        max(deterministic_candidates) as deterministic_candidates
    from {{ ref('int_table_rows_matched_to_units') }}
    group by table_row_id
),

review as (
    select
        table_row_id,
        min(review_reason) as review_reason,
        min(fuzzy_best_unit_id) as fuzzy_best_unit_id
    from {{ ref('int_unit_match_review') }}
    group by table_row_id
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
)

select
    unit_rows.table_row_id as check_id,
    unit_rows.document_id as report_id,
    unit_rows.table_id,
    matches.unit_id,
    unit_rows.row_label as unit_name_as_printed,
    unit_rows.source_line,
    unit_rows.province,
    review.fuzzy_best_unit_id,
    case
        when matches.table_row_id is null then 'not in int_table_rows_matched_to_units'
        when matches.match_rows > 1 or matches.matched_units > 1 then 'matched to several units'
        when review.table_row_id is not null then review.review_reason
        when not matches.is_accepted then 'match not accepted'
        else 'matched'
    end as match_status,
    documents.file_key as file_name
from unit_rows
left join matches on unit_rows.table_row_id = matches.table_row_id
left join review on unit_rows.table_row_id = review.table_row_id
left join documents on unit_rows.document_id = documents.document_id
