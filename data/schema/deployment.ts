/**
 * Who runs this instance of the portal (data/deployment.yaml): operator, contact addresses,
 * hosting and ICP filing (备案). Pages that invite a file or a question read the contact from
 * here, and the about page states the rest. The repository's own file describes the local demo;
 * a deployment replaces it. A placeholder contact is demo content: a deploy build prints none.
 */
import { z } from "zod";

/** An e-mail address; `placeholder: true` marks a stand-in that reaches nobody (demo content). */
export const DeploymentContact = z
  .object({
    email: z.email(),
    placeholder: z.boolean().default(false),
  })
  .strict();
export type DeploymentContact = z.infer<typeof DeploymentContact>;

export const ICP_FILING_STATUSES = ["filed", "not_filed", "not_required"] as const;

export const Deployment = z
  .object({
    /** The operator's name as shown to readers, e.g. «本地演示实例，未部署». */
    operator: z.string().trim().min(1),
    /** Where to send an official list file or a question about the data. */
    contact: DeploymentContact,
    /** Where to send a question about personal data and anonymity. */
    privacyContact: DeploymentContact,
    /** Where the instance runs, as shown to readers. */
    hosting: z.string().trim().min(1),
    icpFiling: z
      .object({
        status: z.enum(ICP_FILING_STATUSES),
        /** The 备案号 once filed. */
        number: z.string().trim().min(1).optional(),
      })
      .strict()
      .refine((f) => (f.status === "filed") === (f.number !== undefined), { message: "e.icp_number" }),
  })
  .strict();
export type Deployment = z.infer<typeof Deployment>;

/** The contacts that are placeholders (a deploy build prints none of them). */
export function placeholderContacts(d: Deployment): string[] {
  return (["contact", "privacyContact"] as const).filter((k) => d[k].placeholder);
}
