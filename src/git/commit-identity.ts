/** Who the kit's commits are by: a fixed identity, so a create reads the same on every machine. */
export interface CommitIdentity {
  name: string;
  email: string;
}

export const KIT_COMMIT_IDENTITY: CommitIdentity = {
  name: "mlops-kit",
  email: "mlops-kit@users.noreply.github.com",
};
