{#- Every row whose column_name (a parent id, e.g. a district's province) is set belongs to a
    parent of `to` that exists for the row's whole validity [valid_from, valid_to]. -#}
{% test valid_within_parent(model, column_name, to, field='unit_id', valid_from='valid_from', valid_to='valid_to') %}

select
    child.{{ column_name }} as parent_id,
    child.{{ valid_from }} as child_valid_from,
    child.{{ valid_to }} as child_valid_to,
    parent.{{ valid_from }} as parent_valid_from,
    parent.{{ valid_to }} as parent_valid_to
from {{ model }} as child
left join {{ to }} as parent on child.{{ column_name }} = parent.{{ field }}
where
    child.{{ column_name }} is not null
    and (
        parent.{{ field }} is null
        or child.{{ valid_from }} < parent.{{ valid_from }}
        or coalesce(child.{{ valid_to }}, date '9999-12-31') > coalesce(parent.{{ valid_to }}, date '9999-12-31')
    )

{% endtest %}
