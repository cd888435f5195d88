-- Organisational units of every province as a slowly changing dimension (from ref_units:
-- provinces and districts of the vietnamadminunits package, departments of
-- seeds/department_types.csv): validity dates, official codes, the successor that took each
-- one over, and the unit that carries it today, following successors through the 2025
-- reorganisation (department mergers on 1/3/2025, province mergers and the end of the
-- district level on 1/7/2025).
with recursive

units as (
    select * from {{ ref('ref_units') }}
),

chain (unit_id, current_unit_id, hops) as (
    select
        unit_id,
        unit_id as current_unit_id,
        0 as hops
    from units
    union all
    select
        chain.unit_id,
        units.successor_unit_id,
        chain.hops + 1
    from chain
    inner join units on chain.current_unit_id = units.unit_id
    where units.successor_unit_id is not null and chain.hops < 10
),

current_unit as (
    select
        unit_id,
        arg_max(current_unit_id, hops) as current_unit_id
    from chain
    group by 1
)

select
    units.unit_id,
    units.unit_name,
    units.short_name,
    units.unit_type,
    units.unit_subtype,
    units.unit_code,
    units.legacy_unit_code,
    units.department_type_id,
    units.province,
    units.province_code,
    units.province_unit_id as parent_unit_id,
    units.successor_unit_id,
    current_unit.current_unit_id,
    units.source,
    units.valid_from,
    units.valid_to,
    units.valid_to is null as is_current
from units
inner join current_unit on units.unit_id = current_unit.unit_id
