{#- One row per value a mart column holds, with the cell it came from (rules
    mart_value_matches_print and cell_reaches_mart: qa_mart_values compares the value with
    the cell's, qa_cell_reach asks whether a cell has any). A mart row names its table row
    (or, for the rate and overdue marts, its value cell, and for the snapshot marts its row
    and date); its row, measure and snapshot date name one cell. Only ids and values: the
    cells' context is joined by the models that report them, so this stays narrow. -#}
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

-- every mart value, one row per (mart row, column)
mart_values as (
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
)

-- numbered per cell and part: a mart row written twice gives its cells two numbered checks
select
    cells.cell_id,
    mart_values.part,
    mart_values.mart_number,
    mart_values.mart_text,
    row_number() over (
        partition by cells.cell_id, mart_values.part
        order by mart_values.mart_number, mart_values.mart_text
    ) as copy_number
from {{ qa_cells_bound_for_marts() }} as cells
inner join mart_values
    on
        cells.destination = mart_values.mart
        and cells.table_row_id = mart_values.table_row_id
        and cells.measure = mart_values.measure
        and (mart_values.header_date is null or cells.header_date = mart_values.header_date)
