-- One row per provincial department, board or body (sở, ban, thanh tra, văn phòng UBND) of
-- every province: the types of seeds/department_types.csv expanded over the provinces of
-- ref_admin_units that were valid at the same time. A department ends when its type ends
-- (1/3/2025 mergers: successor is the successor type in the same province) or when its
-- province ends (1/7/2025 mergers: successor is the same type in the province that took over).
with

provinces as (
    select * from {{ ref('ref_admin_units') }}
    where unit_level = 'province'
),

department_types as (
    select * from {{ ref('department_types') }}
),

expanded as (
    select
        provinces.unit_id as province_unit_id,
        provinces.unit_code as province_code,
        provinces.short_name as province_short_name,
        department_types.department_type_id,
        department_types.name as unit_name,
        department_types.short_name,
        department_types.scope,
        greatest(provinces.valid_from, department_types.valid_from) as valid_from,
        case
            when department_types.valid_to is null then provinces.valid_to
            when provinces.valid_to is null then department_types.valid_to
            else least(provinces.valid_to, department_types.valid_to)
        end as valid_to,
        case
            when
                department_types.valid_to is not null
                and (provinces.valid_to is null or department_types.valid_to < provinces.valid_to)
                then provinces.unit_id || '_' || department_types.successor_type_id
            when provinces.valid_to is not null
                then provinces.successor_unit_id || '_' || department_types.department_type_id
        end as successor_unit_id
    from provinces
    inner join department_types
        on
            department_types.valid_from <= coalesce(provinces.valid_to, date '9999-12-31')
            and coalesce(department_types.valid_to, date '9999-12-31') >= provinces.valid_from
)

select
    province_unit_id || '_' || department_type_id as unit_id,
    department_type_id,
    unit_name,
    short_name,
    scope,
    province_unit_id,
    province_code,
    province_short_name,
    successor_unit_id,
    valid_from,
    valid_to
from expanded
