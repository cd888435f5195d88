-- Every organisational unit a report can name, of any province: provinces and district-level
-- units (ref_admin_units, from the vietnamadminunits package plus seeds/units.csv) and the
-- provincial departments (ref_departments, from seeds/department_types.csv).
with

admin_units as (
    select * from {{ ref('ref_admin_units') }}
),

departments as (
    select * from {{ ref('ref_departments') }}
),

unioned as (
    select
        unit_id,
        unit_code,
        legacy_unit_code,
        null::varchar as department_type_id,
        unit_name,
        short_name,
        unit_level as unit_type,
        unit_type as unit_subtype,
        province_unit_id,
        province_code,
        province_short_name as province,
        successor_unit_id,
        source,
        valid_from::date as valid_from,
        valid_to::date as valid_to
    from admin_units
    union all
    select
        unit_id,
        null as unit_code,
        null as legacy_unit_code,
        department_type_id,
        unit_name,
        short_name,
        'department' as unit_type,
        'department' as unit_subtype,
        province_unit_id,
        province_code,
        province_short_name as province,
        successor_unit_id,
        'seeds/department_types.csv' as source,
        valid_from,
        valid_to
    from departments
)

select * from unioned
