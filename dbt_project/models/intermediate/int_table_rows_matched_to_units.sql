-- Table rows -> organisational units, only among the units of the report's province
-- (int_table_rows.province_unit_id) valid during the row's period, so the same district
-- name in two provinces never crosses over. A report written after its period may name the
-- units as they stood when it was written (a report issued in July 2025 on Q2 2025 lists the
-- communes created on 1/7/2025): units valid from the period's end to the issue date are
-- candidates too, but only when no unit valid during the period matches by the same or a
-- stronger method (each method's rank is offset by 10 for them). Methods, strongest first:
--   1 exact               same letters, case and tone marks (punctuation ignored)
--   2 alias               a spelling in seeds/unit_aliases.csv (of this unit or its department
--                         type), compared accent- and case-folded ('Sở LDTBXH' = 'Sở LĐTBXH')
--   3 accent_insensitive  same accent- and case-folded name ('Huyện Đông Hỷ' = 'Huyện Đồng Hỷ')
--   4 short_name          same folded name without the type word: 'Phú Bình' = 'Huyện Phú Bình'
--                         (a bare name whose first word folds to a type word, 'Quản Bạ', too),
--                         'Thị xã Phổ Yên' = 'Thành phố Phổ Yên' after the town became a city
--   5 repeated_word       as 3 or 4 once a word printed twice in a row counts once
--                         ('UBND huyện huyện Tam Dương' = 'Huyện Tam Dương')
--   6 fuzzy               Jaro-Winkler on the folded name (on the short name when the label has
--                         no type word), at least var('unit_fuzzy_min_score') and
--                         var('unit_fuzzy_min_margin') ahead of the runner-up
-- A row is accepted only when its strongest method names exactly one unit; anything else
-- (no province, several units, a weak fuzzy score) goes to int_unit_match_review with its
-- candidates, and its cells stay out of the facts.
with

unit_rows as (
    {{ unit_table_rows() }}
),

units as (
    select
        unit_id,
        unit_type,
        department_type_id,
        province_unit_id,
        valid_from,
        valid_to,
        {{ exact_name_key('unit_name') }} as exact_key,
        {{ folded_name_key('unit_name') }} as name_key,
        {{ folded_name_key('short_name') }} as short_key
    from {{ ref('ref_units') }}
    where unit_type != 'province'
),

-- Keys with a word printed twice in a row counted once ('huyen huyen tam duong' ->
-- 'huyen tam duong'), for labels and units alike, word by word. A label's words are taken
-- before punctuation is dropped, so 'Sở TT&TT TT&TT' collapses to 'Sở TT&TT'.
label_words as (
    select
        table_row_id,
        unnest(string_split({{ fold('row_label') }}, ' ')) as word,
        generate_subscripts(string_split({{ fold('row_label') }}, ' '), 1) as word_index
    from unit_rows
),

collapsed_labels as (
    select
        table_row_id,
        {{ folded_name_key("string_agg(word, ' ' order by word_index) filter (where word is distinct from previous_word)") }}  -- noqa: LT05
            as collapsed_label_key
    from (
        select
            *,
            lag(word) over (partition by table_row_id order by word_index) as previous_word
        from label_words
    ) as words
    group by table_row_id
),

unit_words as (
    select
        unit_id,
        unnest(string_split(name_key, ' ')) as word,
        generate_subscripts(string_split(name_key, ' '), 1) as word_index
    from units
),

collapsed_units as (
    select
        unit_id,
        string_agg(word, ' ' order by word_index) filter (where word is distinct from previous_word)
            as collapsed_name_key
    from (
        select
            *,
            lag(word) over (partition by unit_id order by word_index) as previous_word
        from unit_words
    ) as words
    group by unit_id
),

aliases as (
    select
        *,
        {{ folded_name_key('alias') }} as alias_key
    from {{ ref('unit_aliases') }}
),

keyed_rows as (
    select
        unit_rows.*,
        {{ exact_name_key('unit_rows.row_label') }} as exact_label_key,
        {{ folded_name_key('unit_rows.row_label') }} as label_key,
        {{ short_name_key(folded_name_key('unit_rows.row_label')) }} as label_short_key,
        collapsed_labels.collapsed_label_key,
        {{ short_name_key('collapsed_labels.collapsed_label_key') }} as collapsed_label_short_key,
        {{ unit_type_hint(folded_name_key('unit_rows.row_label')) }} as unit_type_hint
    from unit_rows
    left join collapsed_labels on unit_rows.table_row_id = collapsed_labels.table_row_id
),

valid_units as (
    -- units of the row's province that existed during the row's data period, or later but
    -- by the report's issue date (in_period false)
    select
        keyed_rows.table_row_id,
        units.valid_from <= coalesce(keyed_rows.period_end, units.valid_from) as in_period,
        units.unit_id,
        units.unit_type,
        units.department_type_id,
        units.exact_key,
        units.name_key,
        units.short_key,
        collapsed_units.collapsed_name_key,
        {{ short_name_key('collapsed_units.collapsed_name_key') }} as collapsed_short_key
    from keyed_rows
    inner join units
        on
            keyed_rows.province_unit_id = units.province_unit_id
            and units.valid_from <= coalesce(
                greatest(keyed_rows.period_end, keyed_rows.issued_date),
                keyed_rows.period_end,
                units.valid_from
            )
            and coalesce(units.valid_to, date '9999-12-31')
            >= coalesce(keyed_rows.period_start, units.valid_from)
    inner join collapsed_units on units.unit_id = collapsed_units.unit_id
),

pairs as (
    select
        keyed_rows.table_row_id,
        keyed_rows.row_label,
        keyed_rows.exact_label_key,
        keyed_rows.label_key,
        keyed_rows.label_short_key,
        keyed_rows.collapsed_label_key,
        keyed_rows.collapsed_label_short_key,
        keyed_rows.unit_type_hint,
        valid_units.in_period,
        -- no unit of this level existed during the period: the later ones are all there is
        not bool_or(valid_units.in_period) over (
            partition by keyed_rows.table_row_id, valid_units.unit_type
        ) as level_only_later,
        valid_units.unit_id,
        valid_units.unit_type,
        valid_units.department_type_id,
        valid_units.exact_key,
        valid_units.name_key,
        valid_units.short_key,
        valid_units.collapsed_name_key,
        valid_units.collapsed_short_key
    from keyed_rows
    inner join valid_units on keyed_rows.table_row_id = valid_units.table_row_id
),

deterministic as (
    select
        table_row_id,
        unit_id,
        'exact' as match_method,
        case when in_period then 1 else 11 end as method_rank,
        1.0 as match_score
    from pairs
    where exact_key = exact_label_key
    union all
    select
        pairs.table_row_id,
        pairs.unit_id,
        'alias' as match_method,
        case when pairs.in_period then 2 else 12 end as method_rank,
        1.0 as match_score
    from pairs
    inner join aliases
        on
            pairs.label_key = aliases.alias_key
            and (
                pairs.unit_id = aliases.unit_id
                or pairs.department_type_id = aliases.department_type_id
            )
    union all
    select
        table_row_id,
        unit_id,
        'accent_insensitive' as match_method,
        case when in_period then 3 else 13 end as method_rank,
        1.0 as match_score
    from pairs
    where name_key = label_key
    union all
    select
        table_row_id,
        unit_id,
        'short_name' as match_method,
        case when in_period then 4 else 14 end as method_rank,
        0.95 as match_score
    from pairs
    where
        (short_key = label_short_key or short_key = label_key)
        and (unit_type_hint is null or unit_type = unit_type_hint)
    union all
    select
        table_row_id,
        unit_id,
        'repeated_word' as match_method,
        case when in_period then 5 else 15 end as method_rank,
        0.9 as match_score
    from pairs
    where
        collapsed_label_key != label_key
        and (
            collapsed_name_key = collapsed_label_key
            or (
                collapsed_short_key = collapsed_label_short_key
                and (unit_type_hint is null or unit_type = unit_type_hint)
            )
        )
    union all
    select
        pairs.table_row_id,
        pairs.unit_id,
        'repeated_word' as match_method,
        case when pairs.in_period then 5 else 15 end as method_rank,
        0.9 as match_score
    from pairs
    inner join aliases
        on
            pairs.collapsed_label_key = aliases.alias_key
            and pairs.collapsed_label_key != pairs.label_key
            and (
                pairs.unit_id = aliases.unit_id
                or pairs.department_type_id = aliases.department_type_id
            )
),

best_method as (
    select
        table_row_id,
        min(method_rank) as method_rank
    from deterministic
    group by table_row_id
),

best_deterministic as (
    select
        deterministic.table_row_id,
        any_value(deterministic.match_method) as match_method,
        max(deterministic.match_score) as match_score,
        min(deterministic.unit_id) as unit_id,
        count(distinct deterministic.unit_id) as candidate_units
    from deterministic
    inner join best_method
        on
            deterministic.table_row_id = best_method.table_row_id
            and deterministic.method_rank = best_method.method_rank
    group by deterministic.table_row_id
),

fuzzy_scores as (
    select
        table_row_id,
        unit_id,
        case
            when unit_type_hint is null then jaro_winkler_similarity(label_short_key, short_key)
            else jaro_winkler_similarity(label_key, name_key)
        end as score
    from pairs
    where
        (unit_type_hint is null or unit_type = unit_type_hint)
        and (in_period or level_only_later)
),

fuzzy_ranked as (
    select
        *,
        row_number()
            over (partition by table_row_id order by score desc, unit_id asc)
            as rank_in_row
    from fuzzy_scores
),

fuzzy as (
    select
        best.table_row_id,
        best.unit_id,
        best.score as match_score,
        best.score - coalesce(runner_up.score, 0) as margin
    from fuzzy_ranked as best
    left join fuzzy_ranked as runner_up
        on best.table_row_id = runner_up.table_row_id and runner_up.rank_in_row = 2
    where best.rank_in_row = 1
),

candidate_lists as (
    -- what an analyst sees in review: the deterministic candidates, else the best three fuzzy ones
    select
        table_row_id,
        string_agg(
            unit_id || ' ' || match_method || ' ' || round(match_score, 3),
            '; ' order by method_rank, unit_id
        )
            as candidates
    from deterministic
    group by table_row_id
    union all
    select
        fuzzy_ranked.table_row_id,
        string_agg(
            fuzzy_ranked.unit_id || ' fuzzy ' || round(fuzzy_ranked.score, 3),
            '; ' order by fuzzy_ranked.rank_in_row
        )
            as candidates
    from fuzzy_ranked
    anti join deterministic on fuzzy_ranked.table_row_id = deterministic.table_row_id
    where fuzzy_ranked.rank_in_row <= 3
    group by fuzzy_ranked.table_row_id
),

chosen as (
    select
        keyed_rows.table_row_id,
        keyed_rows.table_id,
        keyed_rows.document_id,
        keyed_rows.row_index,
        keyed_rows.row_label as unit_name_as_printed,
        keyed_rows.province,
        keyed_rows.province_code,
        keyed_rows.province_unit_id,
        keyed_rows.province_resolution,
        keyed_rows.unit_type_hint,
        keyed_rows.source_line,
        case
            when best_deterministic.candidate_units = 1 then best_deterministic.unit_id
            when
                best_deterministic.table_row_id is null
                and fuzzy.match_score >= {{ var('unit_fuzzy_min_score') }}
                and fuzzy.margin >= {{ var('unit_fuzzy_min_margin') }}
                then fuzzy.unit_id
        end as unit_id,
        case
            when best_deterministic.table_row_id is not null then best_deterministic.match_method
            when
                fuzzy.match_score >= {{ var('unit_fuzzy_min_score') }}
                and fuzzy.margin >= {{ var('unit_fuzzy_min_margin') }}
                then 'fuzzy'
            else 'none'
        end as match_method,
        coalesce(best_deterministic.match_score, fuzzy.match_score, 0.0) as match_score,
        fuzzy.unit_id as fuzzy_best_unit_id,
        fuzzy.margin as fuzzy_margin,
        coalesce(best_deterministic.candidate_units, 0) as deterministic_candidates,
        candidate_lists.candidates
    from keyed_rows
    left join best_deterministic on keyed_rows.table_row_id = best_deterministic.table_row_id
    left join fuzzy on keyed_rows.table_row_id = fuzzy.table_row_id
    left join candidate_lists on keyed_rows.table_row_id = candidate_lists.table_row_id
)

select
    *,
    unit_id is not null as is_accepted
from chosen
