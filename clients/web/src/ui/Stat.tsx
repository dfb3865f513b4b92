import { Card, Text } from "@mantine/core";

/** One figure on a card: a small caps label, the number, and an optional hint under it. */
export function Stat({ label, value, testId, hint }: { label: string; value: number | string; testId: string; hint?: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={700} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}
