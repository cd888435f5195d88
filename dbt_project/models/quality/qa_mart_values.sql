{#- One row per (cell bound for a mart, part of it a mart column holds): the mart's value
    against the raw cell's, by cell id (rule mart_value_matches_print: value_check = 'match';
    qa_cell_reach reads in_mart). The mart rows are found by row, measure and snapshot date;
    the expected value is what ingest stored for the cell in raw.table_cells, so the rule
    catches pivoting, joining and casting defects between raw and the marts. -#}
{%- set cell_row = "regexp_replace({id}, ':[0-9]+$', '')" -%}
{%- set snapshot_row = "regexp_replace({id}, ':[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$', '')" -%}
{%- set change = "change_base_date is not null" -%}
{%- set rate_row = cell_row.format(id="unit_service_rate_id") -%}
{%- set od_row = cell_row.format(id="overdue_dossiers_id") -%}
{%- set ec_row = snapshot_row.format(id="e_certification_id") -%}
{%- set si_row = snapshot_row.format(id="service_index_score_id") -%}
{#- (mart, row key, measure, part, column, header date, filter) -#}
{%- set mart_columns = [] -%}
{%- for measure in var('dossier_measures') -%}
    {%- do mart_columns.append(
        ('fct_dossier_processing', 'dossier_processing_id', "'" ~ measure ~ "'", 'value', measure, 'null', 'true')
    ) -%}
{%- endfor -%}
{%- set online = 'online_processing_id' -%}
{%- set indicator = 'indicator_value_id' -%}
{%- set rate_measure = "rate_type || '_rate_pct'" -%}
{%- do mart_columns.extend([
    ('fct_online_processing', online, "'fp_processed_online'", 'value', 'processed_online', 'null', 'true'),
    ('fct_online_processing', online, "'fp_processed_in_person'", 'value', 'processed_in_person', 'null', 'true'),
    ('fct_online_processing', online, "'fp_total'", 'value', 'total_dossiers', 'null', 'true'),
    ('fct_online_processing', online, "'fp_online_rate_pct'", 'value', 'online_rate_pct_as_printed', 'null', 'true'),
    ('fct_indicator_value', indicator, "'indicator_value'", 'value', 'value_number', 'null', 'true'),
    ('fct_indicator_value', indicator, "'indicator_value'", 'text', 'value_as_printed', 'null', 'true'),
    ('fct_indicator_value', indicator, "'indicator_unit_of_measure'", 'text', 'unit_of_measure', 'null', 'true'),
    ('fct_indicator_value', indicator, "'note'", 'text', 'note', 'null', 'true'),
    ('fct_unit_service_rate', rate_row, rate_measure, 'value', 'rate_pct', 'snapshot_date', 'true'),
    ('fct_unit_service_rate', rate_row, rate_measure, 'text', 'rate_as_printed', 'snapshot_date', 'true'),
    ('fct_unit_service_rate', rate_row, "'change_as_printed'", 'value', 'change_pct_points', 'change_base_date', change),
    ('fct_unit_service_rate', rate_row, "'change_as_printed'", 'text', 'change_as_printed', 'change_base_date', change),
    ('fct_overdue_dossiers', od_row, "'overdue_dossiers'", 'value', 'overdue_dossiers', 'snapshot_date', 'true'),
    ('fct_overdue_dossiers', od_row, "'overdue_dossiers'", 'text', 'overdue_as_printed', 'snapshot_date', 'true'),
    ('fct_overdue_dossiers', od_row, "'change_as_printed'", 'value', 'change_dossiers', 'change_base_date', change),
    ('fct_overdue_dossiers', od_row, "'change_as_printed'", 'text', 'change_as_printed', 'change_base_date', change),
    ('fct_e_certification', ec_row, "'ecert_communes_deployed'", 'numerator', 'communes_deployed', 'snapshot_date', 'true'),
    ('fct_e_certification', ec_row, "'ecert_communes_deployed'", 'denominator', 'communes_total', 'snapshot_date', 'true'),
    ('fct_e_certification', ec_row, "'ecert_communes_deployed'", 'text', 'deployed_as_printed', 'snapshot_date', 'true'),
    ('fct_e_certification', ec_row, "'ecert_completed'", 'value', 'copies_completed', 'snapshot_date', 'true'),
    ('fct_e_certification', ec_row, "'ecert_completed'", 'text', 'completed_as_printed', 'snapshot_date', 'true'),
    ('fct_e_certification', ec_row, "'change_as_printed'", 'value', 'change_copies', 'change_base_date', change),
    ('fct_e_certification', ec_row, "'change_as_printed'", 'text', 'change_as_printed', 'change_base_date', change),
    ('fct_service_index_score', si_row, "'index_value'", 'value', 'value_number', 'snapshot_date', 'true'),
    ('fct_service_index_score', si_row, "'index_value'", 'numerator', 'value_numerator', 'snapshot_date', 'true'),
    ('fct_service_index_score', si_row, "'index_value'", 'denominator', 'value_denominator', 'snapshot_date', 'true'),
    ('fct_service_index_score', si_row, "'index_value'", 'text', 'value_as_printed', 'snapshot_date', 'true'),
    ('fct_service_index_score', si_row, "'index_rate_pct'", 'value', 'rate_pct', 'snapshot_date', 'true'),
    ('fct_service_index_score', si_row, "'index_rate_pct'", 'text', 'rate_as_printed', 'snapshot_date', 'true'),
    ('fct_service_index_score', si_row, "'change_as_printed'", 'value', 'change_value', 'change_base_date', change),
    ('fct_service_index_score', si_row, "'change_as_printed'", 'text', 'change_as_printed', 'change_base_date', change),
    ('fct_target_assessment', 'target_assessment_id', "'target_result'", 'text', 'result_as_printed', 'null', 'true'),
    ('fct_target_assessment', 'target_assessment_id', "'target_assessment'", 'text', 'assessment_as_printed', 'null', 'true'),
    ('fct_policy_document', 'policy_document_id', "'document_text'", 'text', 'document_as_printed', 'null', 'true'),
]) -%}

with

mart_cells as (
    {%- for mart, row_key, measure, part, column, header_date, filter in mart_columns %}
        select
            '{{ mart }}' as mart,
            {{ row_key }} as table_row_id,
            {{ measure }} as measure,
            {{ header_date }}::date as header_date,
            '{{ part }}' as part,
            {{ "null::double" if part == "text" else column ~ "::double" }} as mart_number,
            {{ column ~ "::varchar" if part == "text" else "null::varchar" }} as mart_text
        from {{ ref(mart) }}
        where {{ filter }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

cells as (
    select * from {{ ref('int_table_cells_measured') }}
    where destination like 'fct\_%' escape '\'
),

raw_cells as (
    select
        cell_id,
        value_number,
        value_numerator,
        value_denominator
    from {{ ref('stg_raw__table_cells') }}
),

joined as (
    select
        cells.cell_id,
        cells.document_id as report_id,
        cells.table_id,
        case when cells.is_unit_accepted then cells.unit_id end as unit_id,
        cells.indicator_id,
        cells.measure,
        cells.destination,
        cells.text_as_printed,
        cells.value_kind,
        cells.source_line,
        mart_cells.part,
        mart_cells.mart_number,
        mart_cells.mart_text,
        mart_cells.table_row_id is not null as in_mart
    from cells
    left join mart_cells
        on
            cells.destination = mart_cells.mart
            and cells.table_row_id = mart_cells.table_row_id
            and cells.measure = mart_cells.measure
            and (mart_cells.header_date is null or cells.header_date = mart_cells.header_date)
),

compared as (
    select
        joined.*,
        case joined.part
            when 'value' then raw_cells.value_number
            when 'numerator' then raw_cells.value_numerator
            when 'denominator' then raw_cells.value_denominator
        end as expected_value
    from joined
    left join raw_cells on joined.cell_id = raw_cells.cell_id
),

documents as (
    select * from {{ ref('stg_raw__documents') }}
)

select
    compared.cell_id || '|' || coalesce(compared.part, '-') || '|'
    || row_number() over (
        partition by compared.cell_id, compared.part
        order by compared.mart_number, compared.mart_text
    ) as check_id,
    compared.*,
    compared.mart_number - compared.expected_value as difference,
    -- a cell no mart row took is not evaluated here: qa_cell_reach reports it
    case
        when not compared.in_mart then null
        when compared.part = 'text'
            then
                case
                    when
                        coalesce(compared.mart_text = compared.text_as_printed, false)
                        then 'match'
                    else 'differs'
                end
        when compared.expected_value is null and compared.mart_number is null then 'match'
        when
            abs(compared.mart_number - compared.expected_value)
            <= 1e-9 * greatest(1.0, abs(compared.expected_value))
            then 'match'
        else 'differs'
    end as value_check,
    documents.file_key as file_name
from compared
left join documents on compared.report_id = documents.document_id
