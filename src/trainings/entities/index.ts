import { Qualification } from './qualification.entity';
import { QualificationReminder } from './qualification-reminder.entity';
import { Training } from './training.entity';
import { TrainingAttendee, TrainingSession } from './training-session.entity';

/** The trainings feature's tables (Training and Qualification are listed in src/entities.ts). */
export const TRAINING_EXTRA_ENTITIES = [TrainingSession, TrainingAttendee, QualificationReminder];
export { Qualification, QualificationReminder, Training, TrainingAttendee, TrainingSession };
