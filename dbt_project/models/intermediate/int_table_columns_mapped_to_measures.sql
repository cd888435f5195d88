-- Header paths -> canonical measures, driven by seeds/measure_dictionary.csv (patterns on
-- the whole header path) and, for dossier-processing tables under any wording, by the
-- header vocabulary seeds/dossier_header_terms.csv + seeds/dossier_measures.csv.
-- Only the first header of a table (variant 0) is mapped: a header repeated after a page
-- break aligns with it by column code, and its disagreements are parse issues already.
with

columns as (
    select * from {{ ref('stg_raw__table_columns') }}
    where header_variant = 0
),

dictionary as (
    select * from {{ ref('measure_dictionary') }}
),

terms as (
    select * from {{ ref('dossier_header_terms') }}
),

dossier_measures as (
    select * from {{ ref('dossier_measures') }}
),

candidates as (
    select
        columns.table_column_id,
        dictionary.measure,
        dictionary.table_kind,
        row_number() over (
            partition by columns.table_column_id
            order by dictionary.priority, length(dictionary.header_pattern) desc
        ) as rank_in_column
    from columns
    inner join dictionary
        on columns.header_path_key like dictionary.header_pattern
),

by_dictionary as (
    select
        columns.*,
        candidates.measure,
        candidates.table_kind as measure_table_kind
    from columns
    left join candidates
        on
            columns.table_column_id = candidates.table_column_id
            and candidates.rank_in_column = 1
),

-- The vocabulary reads a header word by word, as a person does: each part of the path may
-- name a group (received / resolved / pending) and the last part a leaf (total, online,
-- early, …). A part with a group and no leaf is that group's total ("Đã giải quyết"). A
-- column naming no group takes the group of the column before it, as a one-row header
-- ("Tiếp nhận | Trực tuyến | Trực tiếp | …") is read.
parts as (
    select
        table_column_id,
        unnest(header_path_parts) as part,
        generate_subscripts(header_path_parts, 1) as depth,
        len(header_path_parts) as path_depth
    from columns
),

part_terms as (
    select
        parts.table_column_id,
        parts.depth,
        parts.depth = parts.path_depth as is_last,
        terms.term_role,
        terms.term_class,
        terms.priority
    from parts
    inner join terms on {{ fold('parts.part') }} like terms.term_pattern
),

part_groups as (
    select
        table_column_id,
        depth,
        is_last,
        arg_min(term_class, priority) as term_group
    from part_terms
    where term_role = 'group'
    group by table_column_id, depth, is_last
),

column_groups as (
    select
        table_column_id,
        arg_max(term_group, depth) filter (where term_group is not null) as own_group,
        bool_or(is_last and term_group is not null) as last_part_is_group
    from part_groups
    group by table_column_id
),

column_leaves as (
    select
        table_column_id,
        arg_min(term_class, priority) as own_leaf
    from part_terms
    where is_last and term_role = 'leaf'
    group by table_column_id
),

column_terms as (
    select
        columns.table_column_id,
        columns.table_id,
        columns.column_index,
        column_groups.own_group,
        column_leaves.own_leaf,
        coalesce(column_groups.last_part_is_group, false) as last_part_is_group
    from columns
    left join column_groups on columns.table_column_id = column_groups.table_column_id
    left join column_leaves on columns.table_column_id = column_leaves.table_column_id
),

column_classes as (
    select
        table_column_id,
        table_id,
        own_group,
        coalesce(
            own_group,
            last_value(own_group ignore nulls) over (
                partition by table_id order by column_index
                rows between unbounded preceding and 1 preceding
            )
        ) as term_group,
        coalesce(own_leaf, case when last_part_is_group then 'total' end) as term_leaf
    from column_terms
),

-- The vocabulary speaks only for tables the dictionary did not give another kind, and
-- that name at least two of the three groups: one stray "Trực tuyến" makes no table.
vocabulary_tables as (
    select column_classes.table_id
    from column_classes
    inner join by_dictionary on column_classes.table_column_id = by_dictionary.table_column_id
    group by column_classes.table_id
    having
        count(distinct column_classes.own_group) >= 2
        and coalesce(
            bool_and(by_dictionary.measure_table_kind = 'dossier_processing')
            filter (where by_dictionary.measure_table_kind is not null), true
        )
),

by_vocabulary as (
    select
        column_classes.table_column_id,
        dossier_measures.measure
    from column_classes
    inner join vocabulary_tables on column_classes.table_id = vocabulary_tables.table_id
    inner join dossier_measures
        on
            column_classes.term_group = dossier_measures.term_group
            and column_classes.term_leaf = dossier_measures.term_leaf
),

mapped as (
    select
        by_dictionary.table_column_id,
        by_dictionary.table_id,
        by_dictionary.document_id,
        by_dictionary.column_index,
        by_dictionary.column_code,
        by_dictionary.header_path,
        coalesce(by_dictionary.measure, by_vocabulary.measure) as measure,
        case
            when by_dictionary.measure is not null then by_dictionary.measure_table_kind
            when by_vocabulary.measure is not null then 'dossier_processing'
        end as measure_table_kind,
        case
            when by_dictionary.measure is not null then 'dictionary'
            when by_vocabulary.measure is not null then 'vocabulary'
        end as measure_source,
        try_strptime(
            regexp_extract(by_dictionary.header_path, 'ngày\s*(\d{1,2}/\d{1,2}/\d{4})', 1), '%d/%m/%Y'
        )::date as header_date
    from by_dictionary
    left join by_vocabulary on by_dictionary.table_column_id = by_vocabulary.table_column_id
)

select * from mapped
