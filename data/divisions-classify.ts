/**
 * Classifies a division's type from its NBS code and name. Pure: used by the generator
 * and by tests. Code ranges are the NBS rules (see data/schema/division.ts).
 */
import type { DivisionType } from "./schema/division.ts";

const MUNICIPALITIES = new Set(["11", "12", "31", "50"]);

export function provinceType(code: string, name: string): DivisionType {
  if (MUNICIPALITIES.has(code)) return "municipality";
  return name.endsWith("自治区") ? "autonomous_region" : "province";
}

export function prefectureType(name: string): DivisionType {
  if (name === "市辖区") return "municipal_districts";
  if (name === "县" || name.includes("直辖")) return "directly_administered";
  if (name.endsWith("自治州")) return "autonomous_prefecture";
  if (name.endsWith("地区")) return "prefecture";
  if (name.endsWith("盟")) return "league";
  return "city";
}

export function countyType(name: string): DivisionType {
  if (name.endsWith("自治县")) return "autonomous_county";
  if (name.endsWith("自治旗")) return "autonomous_banner";
  if (name.endsWith("林区")) return "forestry_district";
  if (name.endsWith("特区")) return "special_district";
  if (name.endsWith("区")) return "district";
  if (name.endsWith("县")) return "county";
  if (name.endsWith("市")) return "county_city";
  if (name.endsWith("旗")) return "banner";
  return "county_other";
}

export function townshipType(code: string, name: string): DivisionType {
  const n = Number(code.slice(6, 9));
  if (n >= 400) return "non_administrative";
  if (n < 100) return "subdistrict";
  if (n < 200) return "town";
  if (name.endsWith("民族苏木")) return "ethnic_sumu";
  if (name.endsWith("苏木")) return "sumu";
  if (name.endsWith("族乡")) return "ethnic_township";
  return "township";
}

export function villageType(code: string): DivisionType {
  return Number(code.slice(9, 12)) < 200 ? "community" : "village";
}
