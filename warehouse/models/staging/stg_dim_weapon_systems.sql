-- One row per weapon system family member of the reference data.
select
    weapon_id,
    name,
    family,
    category,
    origin_iso3,
    manufacturer
from core.dim_weapon_systems
