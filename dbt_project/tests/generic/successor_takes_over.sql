{#- A successor exists and is valid on the day after its predecessor's last day, and a unit has
    a successor exactly when it has a last day (valid_to). -#}
{% test successor_takes_over(model, column_name, to, field='unit_id', valid_from='valid_from', valid_to='valid_to') %}

select
    unit.{{ field }} as unit_key,
    unit.{{ valid_to }} as last_day,
    unit.{{ column_name }} as successor_key,
    successor.{{ valid_from }} as successor_valid_from,
    successor.{{ valid_to }} as successor_valid_to
from {{ model }} as unit
left join {{ to }} as successor on unit.{{ column_name }} = successor.{{ field }}
where
    (unit.{{ column_name }} is null) != (unit.{{ valid_to }} is null)
    or (
        unit.{{ column_name }} is not null
        and (
            successor.{{ field }} is null
            or successor.{{ valid_from }} > unit.{{ valid_to }} + 1
            or coalesce(successor.{{ valid_to }}, date '9999-12-31') < unit.{{ valid_to }} + 1
        )
    )

{% endtest %}
