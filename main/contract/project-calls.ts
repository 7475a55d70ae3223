import { z } from 'zod';
import { ProjectId, ProjectName, Project, RecentProject, UserPath } from './projects.js';

const Confirmed = z.literal(true, { error: 'Deleting needs an explicit confirmation.' });

/** Creating, opening and managing project folders. */
export const projectCalls = {
  'projects:recent': { args: z.object({}).strict(), result: z.array(RecentProject) },
  /** Where projects:create puts a project when no parentDir is given, so the UI can show it. */
  'projects:default-location': { args: z.object({}).strict(), result: z.object({ path: z.string() }) },
  /** Creates `<name>.ganvas` in parentDir (default: the user's Ganvas folder) and opens it. */
  'projects:create': {
    args: z.object({ name: ProjectName, parentDir: UserPath.optional() }).strict(),
    result: Project,
  },
  /** Opens a project folder from anywhere on disk; a live lock held elsewhere is a 'conflict'. */
  'projects:open': {
    args: z.object({ path: UserPath, breakStaleLock: z.boolean().default(false) }).strict(),
    result: Project,
  },
  /** Opens the bundled sample project, making it on first use. */
  'projects:open-sample': { args: z.object({}).strict(), result: Project },
  'projects:get': { args: z.object({ projectId: ProjectId }).strict(), result: Project },
  'projects:close': {
    args: z.object({ projectId: ProjectId }).strict(),
    result: z.object({ closed: z.boolean() }),
  },
  /** Renames the project and its folder. */
  'projects:rename': {
    args: z.object({ projectId: ProjectId, name: ProjectName }).strict(),
    result: Project,
  },
  /** Copies the whole folder beside the original under a new name and opens the copy. */
  'projects:duplicate': {
    args: z.object({ projectId: ProjectId, name: ProjectName }).strict(),
    result: Project,
  },
  /** Closes and moves the folder to the system trash (or deletes it where there is none). */
  'projects:delete': {
    args: z.object({ projectId: ProjectId, confirm: Confirmed }).strict(),
    result: z.object({ path: z.string(), trashed: z.boolean() }),
  },
  /** Removes an entry from the recent list; the folder is untouched. */
  'projects:forget': { args: z.object({ path: UserPath }).strict(), result: z.array(RecentProject) },
} as const;
