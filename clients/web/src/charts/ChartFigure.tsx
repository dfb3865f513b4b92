import { Card, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { FigureTable } from "./series";

/** The same figures as a table: hidden from sight under a drawing, or the chart itself (the heat map). */
export function FiguresTable({
  caption,
  table,
  hidden,
  testId,
}: {
  caption: string;
  table: FigureTable;
  hidden?: boolean;
  testId: string;
}) {
  const body = (
    <Table data-testid={testId} withTableBorder={!hidden} striped={!hidden}>
      <caption>{caption}</caption>
      <Table.Thead>
        <Table.Tr>
          {table.headers.map((h, i) => (
            <Table.Th key={i} scope="col">
              {h}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {table.rows.map((row) => (
          <Table.Tr key={row.key}>
            {row.cells.map((cell, i) =>
              i === 0 ? (
                <Table.Th key={i} scope="row">
                  {cell}
                </Table.Th>
              ) : (
                <Table.Td key={i}>{cell}</Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return hidden ? <VisuallyHidden>{body}</VisuallyHidden> : body;
}

/** A chart's card: a figure named by its visible title, with an optional line saying what it counts. */
export function FigureCard({
  title,
  description,
  testId,
  children,
}: {
  title: string;
  description?: string;
  testId: string;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <Card withBorder component="figure" m={0} aria-labelledby={titleId} data-testid={testId}>
      <Stack gap="xs">
        <figcaption>
          <Title order={2} size="h4" id={titleId}>
            {title}
          </Title>
        </figcaption>
        {description && (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        )}
        {children}
      </Stack>
    </Card>
  );
}

/**
 * A drawn chart on its card: the drawing as one image named after the title, and its figures as
 * a visually hidden table, which screen readers read instead of the SVG's ticks and shapes.
 */
export function ChartFigure({
  title,
  description,
  testId,
  kind,
  table,
  children,
}: {
  title: string;
  description?: string;
  testId: string;
  kind: "bar" | "line";
  table: FigureTable;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <FigureCard title={title} description={description} testId={testId}>
      <div role="img" aria-label={t(`charts.${kind}`, { title })} data-testid={`${testId}-drawing`}>
        {children}
      </div>
      <FiguresTable caption={title} table={table} hidden testId={`${testId}-table`} />
    </FigureCard>
  );
}
