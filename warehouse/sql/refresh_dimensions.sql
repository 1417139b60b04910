-- Reference dimensions mirror warehouse/seeds/*.csv as of this run.
delete from core.dim_countries;
insert into core.dim_countries by name
select iso3, iso2, name, coalesce(aliases, '') as aliases, nullif(requires_context, '') as requires_context
from seed_countries;

delete from core.dim_weapon_systems;
insert into core.dim_weapon_systems by name
select
    weapon_id, name, family, aliases, category, nullif(origin_iso3, '') as origin_iso3,
    nullif(manufacturer, '') as manufacturer, nullif(requires_context, '') as requires_context
from seed_weapon_systems;

delete from core.dim_organizations;
insert into core.dim_organizations by name
select
    org_id, name, aliases, org_type, nullif(country_iso3, '') as country_iso3,
    nullif(requires_context, '') as requires_context
from seed_organizations;

delete from core.dim_fx_rates;
insert into core.dim_fx_rates by name
select currency, year, usd_per_unit, status from seed_fx_rates;

delete from core.dim_languages;
insert into core.dim_languages by name
select code, name, canonical from seed_languages;
