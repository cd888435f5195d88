-- The conformed indicator dictionary: one indicator whatever template or province prints it.
select
    indicator_id,
    indicator_name,
    unit_of_measure,
    section,
    value_type,
    numerator_indicator_id,
    denominator_indicator_id,
    note
from {{ ref('indicators') }}
