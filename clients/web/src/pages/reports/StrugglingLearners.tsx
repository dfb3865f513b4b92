import { List, Table } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useStrugglingLearnersQuery } from "../../generated/hooks";
import { ErrorBox } from "../../ui/ErrorBox";
import { PageSkeleton } from "../../ui/PageSkeleton";
import { ReportTable } from "./ReportTable";

/** The learners the triage rules flagged (staff and admins), highest score first, with what each rule saw. */
export function StrugglingLearners() {
  const { t, i18n } = useTranslation();
  const { data, loading, error } = useStrugglingLearnersQuery({ variables: { first: 20 }, fetchPolicy: "cache-and-network" });
  const title = t("reports.struggling");
  if (error) return <ErrorBox error={error} />;
  if (loading && !data) return <PageSkeleton rows={1} />;
  const rows = data?.strugglingLearners.edges.map((e) => e.node) ?? [];
  const score = new Intl.NumberFormat(i18n.language === "ja" ? "ja-JP" : "en-GB", { maximumFractionDigits: 2 });
  return (
    <ReportTable title={title} testId="report-struggling" headers={[t("reports.learner"), t("reports.score"), t("reports.reasons")]}>
      {rows.length === 0 ? (
        <Table.Tr>
          <Table.Td colSpan={3} data-testid="report-struggling-empty">
            {t("reports.noneStruggling")}
          </Table.Td>
        </Table.Tr>
      ) : (
        rows.map((r) => (
          <Table.Tr key={r.user.id} data-testid="struggling-row">
            <Table.Th scope="row">{r.user.id}</Table.Th>
            <Table.Td>{score.format(r.score)}</Table.Td>
            <Table.Td>
              <List size="sm">
                {r.reasons.map((reason) => (
                  <List.Item key={reason.rule}>{reason.explanation}</List.Item>
                ))}
              </List>
            </Table.Td>
          </Table.Tr>
        ))
      )}
    </ReportTable>
  );
}
