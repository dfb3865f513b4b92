import { ValidatorConstraint, type ValidatorConstraintInterface } from "class-validator";

export const SUPPORTED_LOCALES = ["en", "en-GB", "ja", "fr", "es", "pt", "pt-BR", "de"];

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

@ValidatorConstraint({ name: "timeZone" })
export class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown) {
    return isTimeZone(value);
  }
  defaultMessage() {
    return "timezone must be an IANA time zone such as Asia/Tokyo";
  }
}
