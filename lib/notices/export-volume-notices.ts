import "server-only";
import type { AuditContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { recordEvent } from "@/lib/audit/record-event";
import { AppError } from "@/lib/errors/app-error";
import { choiceAnswersSchema } from "@/lib/templates/template-definition";
import { agreementNotice } from "./compose-notice";
import { noticesCsv, noticesJson, noticesTex, type NoticeRecord } from "./volume-notices-files";

export const NOTICE_FORMATS = ["csv", "json", "tex"] as const;
export type NoticeFormat = (typeof NOTICE_FORMATS)[number];

const CONTENT_TYPE: Record<NoticeFormat, string> = {
  csv: "text/csv; charset=utf-8",
  json: "application/json; charset=utf-8",
  tex: "application/x-tex; charset=utf-8",
};

/**
 * The camera-ready notices of a volume's signed papers (the current agreement of each paper: one
 * replaced by a reissue is left out), in paper-id order. Unsigned papers have none yet: the
 * author's answers, and so the notice, exist only once they sign. Who took the file is on record.
 */
export async function exportVolumeNotices(
  context: AuditContext,
  { proceedingsId, format }: { proceedingsId: string; format: NoticeFormat },
) {
  const volume = await db.proceedings.findUnique({ where: { id: proceedingsId }, select: { id: true, name: true } });
  if (!volume) throw new AppError("NOT_FOUND");
  const agreements = await db.agreement.findMany({
    where: { proceedingsId, status: "signed", superseded: false },
    orderBy: [{ paperId: "asc" }, { id: "asc" }],
    select: {
      id: true,
      paperId: true,
      articleTitle: true,
      authors: true,
      correspondingAuthorName: true,
      publisherName: true,
      issuedAt: true,
      signedAt: true,
      choiceAnswers: true,
      templateVersion: { select: { notice: true, choices: true } },
    },
  });
  const records: NoticeRecord[] = agreements.flatMap((a) => {
    const notice = agreementNotice({ ...a, proceedings: volume });
    if (!notice || !a.signedAt) return [];
    const answers = choiceAnswersSchema.safeParse(a.choiceAnswers ?? []);
    return [
      {
        key: a.paperId ?? a.id,
        paperId: a.paperId,
        agreementId: a.id,
        title: a.articleTitle,
        authors: a.authors,
        signedAt: a.signedAt,
        answers: answers.success ? answers.data : [],
        notice,
      },
    ];
  });
  const bytes =
    format === "csv"
      ? noticesCsv(records)
      : format === "json"
        ? noticesJson(records)
        : noticesTex(records, volume.name);
  const data = { kind: "notices", format, proceedingsId, rows: records.length };
  await db.$transaction((tx) => recordEvent(tx, context, { type: "export.downloaded", data }));
  return {
    bytes,
    rows: records.length,
    contentType: CONTENT_TYPE[format],
    fileName: `notices-${proceedingsId}.${format}`,
  };
}
