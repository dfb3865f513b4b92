import { Card, Table, Title } from "@mantine/core";
import type { ReactNode } from "react";

/** A report drawn as a table on its card: the title as its caption, one header per column, the rows as given. */
export function ReportTable({
  title,
  testId,
  headers,
  children,
}: {
  title: string;
  testId: string;
  headers: string[];
  children: ReactNode;
}) {
  return (
    <Card withBorder data-testid={testId}>
      <Table.ScrollContainer minWidth={420}>
        <Table striped withTableBorder>
          <caption>
            <Title order={2} size="h4" ta="left">
              {title}
            </Title>
          </caption>
          <Table.Thead>
            <Table.Tr>
              {headers.map((h) => (
                <Table.Th key={h} scope="col">
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>{children}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
