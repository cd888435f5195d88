{{ config(meta={'dagster': {'ref': {'name': 'ref_units'}}}) }}
-- Every hand-kept succession (seeds/unit_successions.csv) agrees with the unit reference: the
-- predecessor's successor_unit_id is the seed's successor and its last day is the day before
-- the effective date.
select
    successions.predecessor_unit_id,
    successions.successor_unit_id,
    successions.effective_date,
    units.successor_unit_id as reference_successor_unit_id,
    units.valid_to as reference_valid_to
from {{ ref('unit_successions') }} as successions
left join {{ ref('ref_units') }} as units
    on successions.predecessor_unit_id = units.unit_id
where
    units.unit_id is null
    or units.successor_unit_id is distinct from successions.successor_unit_id
    or units.valid_to is distinct from successions.effective_date - 1
