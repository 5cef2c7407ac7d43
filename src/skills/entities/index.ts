import { Certification } from './certification.entity';
import { EvidenceRule } from './evidence-rule.entity';
import { IssuedCredential } from './issued-credential.entity';
import { LearnerProfile } from './learner-profile.entity';
import { LearningPlan } from './learning-plan.entity';
import { SkillEvidence } from './skill-evidence.entity';
import { SkillFramework } from './skill-framework.entity';
import { Skill } from './skill.entity';
import { WorkshopEnrolment } from './workshop-enrolment.entity';
import { Workshop } from './workshop.entity';

/** The skills feature's tables (the app module gives every feature's list to the database module). */
export const SKILLS_ENTITY_LIST = [
  SkillFramework,
  Skill,
  SkillEvidence,
  EvidenceRule,
  Certification,
  LearnerProfile,
  LearningPlan,
  Workshop,
  WorkshopEnrolment,
  IssuedCredential,
];
