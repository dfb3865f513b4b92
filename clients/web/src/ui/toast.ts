import { notifications } from "@mantine/notifications";
import { i18n } from "../i18n";

/** Every toast goes through here: one look, and a close button with a name (axe: button-name). */
export function toast({ title, message, color = "teal" }: { title?: string; message: string; color?: string }): void {
  notifications.show({ title, message, color, closeButtonProps: { "aria-label": i18n.t("common.close") } });
}
