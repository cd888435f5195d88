{#- No two rows share a value of column_name while both are valid: their [valid_from, valid_to]
    ranges (SQL expressions; a null end is open) overlap. partition_by (an expression) keeps
    code systems apart, e.g. province codes from district codes. Null values are not checked. -#}
{% test unique_per_validity(model, column_name, valid_from='valid_from', valid_to='valid_to', partition_by="'all'", where_clause='true') %}

with

rows_in_force as (
    select
        {{ column_name }} as tested_value,
        {{ partition_by }} as code_system,
        {{ valid_from }} as range_start,
        coalesce({{ valid_to }}, date '9999-12-31') as range_end
    from {{ model }}
    where {{ column_name }} is not null and ({{ where_clause }})
),

numbered as (
    select
        *,
        row_number() over () as row_number_in_model
    from rows_in_force
    where range_start <= range_end
)

select
    a.tested_value,
    a.code_system,
    a.range_start,
    a.range_end,
    b.range_start as other_range_start,
    b.range_end as other_range_end
from numbered as a
inner join numbered as b
    on
        a.tested_value = b.tested_value
        and a.code_system = b.code_system
        and a.row_number_in_model < b.row_number_in_model
        and a.range_start <= b.range_end
        and b.range_start <= a.range_end

{% endtest %}
