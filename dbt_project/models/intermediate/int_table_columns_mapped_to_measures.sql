-- Header paths -> canonical measures, driven by seeds/measure_dictionary.csv (patterns on
-- the whole header path) and, for dossier-processing tables under any wording, by the
-- header vocabulary seeds/dossier_header_terms.csv + seeds/dossier_measures.csv.
-- Every header of a table is mapped: the first (variant 0) and each header repeated after a
-- page break that differs from it (1..), so rows printed under a reordered header are read
-- with their own header's columns. A repeated header is used only when it maps at least as
-- many columns as the first, each to a different measure; otherwise (a garbled or cut
-- repetition) its columns take the first header's measures by position. The table's kind
-- and whether the dossier vocabulary speaks for it are decided on the first header.
with

columns as (
    select * from {{ ref('stg_raw__table_columns') }}
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
        columns.header_variant,
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
        header_variant,
        own_group,
        coalesce(
            own_group,
            last_value(own_group ignore nulls) over (
                partition by table_id, header_variant order by column_index
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
    where column_classes.header_variant = 0
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

mapped_per_header as (
    select
        by_dictionary.table_column_id,
        by_dictionary.table_id,
        by_dictionary.document_id,
        by_dictionary.header_variant,
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
            regexp_extract(by_dictionary.header_path, 'ngày\s*(\d{1,2}/\d{1,2}/\d{4})', 1),
            '%d/%m/%Y'
        )::date as header_date
    from by_dictionary
    left join by_vocabulary on by_dictionary.table_column_id = by_vocabulary.table_column_id
),

header_fit as (
    select
        table_id,
        header_variant,
        count(measure) as mapped_columns,
        count(distinct measure) as distinct_measures
    from mapped_per_header
    group by table_id, header_variant
),

-- which header's mapping each header's rows are read with
header_used as (
    select
        repeated.table_id,
        repeated.header_variant,
        case
            when
                repeated.header_variant = 0
                or (
                    repeated.mapped_columns >= coalesce(first_header.mapped_columns, 0)
                    and repeated.mapped_columns = repeated.distinct_measures
                )
                then repeated.header_variant
            else 0
        end as mapped_by_header_variant
    from header_fit as repeated
    left join header_fit as first_header
        on repeated.table_id = first_header.table_id and first_header.header_variant = 0
),

mapped as (
    select
        own.table_column_id,
        own.table_id,
        own.document_id,
        own.header_variant,
        own.column_index,
        own.column_code,
        own.header_path,
        header_used.mapped_by_header_variant,
        used.measure,
        used.measure_table_kind,
        used.measure_source,
        used.header_date
    from mapped_per_header as own
    inner join header_used
        on own.table_id = header_used.table_id and own.header_variant = header_used.header_variant
    left join mapped_per_header as used
        on
            own.table_id = used.table_id
            and own.column_index = used.column_index
            and header_used.mapped_by_header_variant = used.header_variant
)

select * from mapped
