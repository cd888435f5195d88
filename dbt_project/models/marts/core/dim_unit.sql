-- Organisational units as a slowly changing dimension: validity dates, successor, and the
-- unit that carries each one today (following successors through the 2025 reorganisation).
with recursive

units as (
    select * from {{ ref('units') }}
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
    units.unit_type,
    units.province,
    units.parent_unit_id,
    units.successor_unit_id,
    current_unit.current_unit_id,
    units.valid_from,
    units.valid_to,
    units.valid_to is null as is_current
from units
inner join current_unit on units.unit_id = current_unit.unit_id
