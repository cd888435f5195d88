-- Table rows -> organisational units: exact name, alias, accent/case-insensitive, then fuzzy
-- (Jaro-Winkler on the accent-folded name) within the report's province and the unit type
-- the label names. Every match carries its method and score; a row is accepted only if the
-- match is unambiguous, otherwise it goes to int_unit_match_review.
with

unit_rows as (
    select * from {{ ref('int_table_rows') }}
    where
        table_kind in (
            'dossier_processing', 'online_processing', 'unit_service_rate',
            'overdue_dossiers', 'e_certification'
        )
        and row_kind = 'data'
),

units as (
    select * from {{ ref('units') }}
),

aliases as (
    select * from {{ ref('unit_aliases') }}
),

keyed_rows as (
    select
        *,
        {{ unit_label_key('row_label') }} as label_key,
        case
            when regexp_matches({{ fold('row_label') }}, '^(so|ban|thanh tra|van phong)( |$)') then 'department'
            when regexp_matches({{ unit_label_key('row_label') }}, '^(huyen|thanh pho|thi xa|tp)( |$)')
                then 'district'
        end as unit_type_hint
    from unit_rows
),

valid_units as (
    -- units of the row's province that existed during the row's data period
    select
        keyed_rows.table_row_id,
        units.unit_id,
        units.unit_name,
        units.unit_type,
        {{ unit_label_key('units.unit_name') }} as name_key
    from keyed_rows
    inner join units
        on
            units.province = keyed_rows.province
            and units.unit_type != 'province'
            and units.valid_from <= coalesce(keyed_rows.period_end, units.valid_from)
            and coalesce(units.valid_to, date '9999-12-31') >= coalesce(keyed_rows.period_start, units.valid_from)
),

exact as (
    select
        valid_units.table_row_id,
        valid_units.unit_id,
        'exact' as match_method,
        1.0 as match_score
    from valid_units
    inner join keyed_rows on valid_units.table_row_id = keyed_rows.table_row_id
    where valid_units.unit_name = keyed_rows.row_label
),

alias as (
    select
        valid_units.table_row_id,
        valid_units.unit_id,
        'alias' as match_method,
        1.0 as match_score
    from valid_units
    inner join keyed_rows on valid_units.table_row_id = keyed_rows.table_row_id
    inner join aliases
        on aliases.unit_id = valid_units.unit_id and aliases.alias = keyed_rows.row_label
),

folded as (
    select
        valid_units.table_row_id,
        valid_units.unit_id,
        'accent_insensitive' as match_method,
        1.0 as match_score
    from valid_units
    inner join keyed_rows on valid_units.table_row_id = keyed_rows.table_row_id
    where valid_units.name_key = keyed_rows.label_key
),

fuzzy_scores as (
    select
        valid_units.table_row_id,
        valid_units.unit_id,
        jaro_winkler_similarity(keyed_rows.label_key, valid_units.name_key) as score,
        row_number() over (
            partition by valid_units.table_row_id
            order by jaro_winkler_similarity(keyed_rows.label_key, valid_units.name_key) desc
        ) as rank_in_row
    from valid_units
    inner join keyed_rows on valid_units.table_row_id = keyed_rows.table_row_id
    where keyed_rows.unit_type_hint is null or valid_units.unit_type = keyed_rows.unit_type_hint
),

fuzzy as (
    select
        best.table_row_id,
        best.unit_id,
        'fuzzy' as match_method,
        best.score as match_score,
        best.score - coalesce(runner_up.score, 0) as margin
    from fuzzy_scores as best
    left join fuzzy_scores as runner_up
        on best.table_row_id = runner_up.table_row_id and runner_up.rank_in_row = 2
    where best.rank_in_row = 1
),

deterministic as (
    select
        *,
        1 as method_rank
    from exact
    union all
    select
        *,
        2 as method_rank
    from alias
    union all
    select
        *,
        3 as method_rank
    from folded
),

best_deterministic as (
    select
        table_row_id,
        min(method_rank) as method_rank,
        count(distinct unit_id) filter (where method_rank = 1) as exact_units,
        count(distinct unit_id) as candidate_units
    from deterministic
    group by 1
),

first_deterministic as (
    select * from deterministic
    qualify row_number() over (partition by table_row_id order by method_rank, unit_id) = 1
),

chosen as (
    select
        keyed_rows.table_row_id,
        keyed_rows.table_id,
        keyed_rows.document_id,
        keyed_rows.row_index,
        keyed_rows.row_label as unit_name_as_printed,
        keyed_rows.province,
        keyed_rows.unit_type_hint,
        keyed_rows.source_line,
        coalesce(det.unit_id, case when fuzzy_ok.table_row_id is not null then fuzzy.unit_id end)
            as unit_id,
        case
            when det.unit_id is not null then det.match_method
            when fuzzy_ok.table_row_id is not null then 'fuzzy'
            else 'none'
        end as match_method,
        case
            when det.unit_id is not null then det.match_score
            else coalesce(fuzzy.match_score, 0.0)
        end as match_score,
        fuzzy.unit_id as fuzzy_best_unit_id,
        fuzzy.margin as fuzzy_margin,
        coalesce(best_deterministic.candidate_units, 0) as deterministic_candidates
    from keyed_rows
    left join best_deterministic on keyed_rows.table_row_id = best_deterministic.table_row_id
    left join first_deterministic as det
        on keyed_rows.table_row_id = det.table_row_id
    left join fuzzy on keyed_rows.table_row_id = fuzzy.table_row_id
    left join fuzzy as fuzzy_ok
        on
            keyed_rows.table_row_id = fuzzy_ok.table_row_id
            and fuzzy_ok.match_score >= {{ var('unit_fuzzy_min_score') }}
            and fuzzy_ok.margin >= {{ var('unit_fuzzy_min_margin') }}
)

select
    *,
    unit_id is not null and deterministic_candidates <= 1 as is_accepted
from chosen
