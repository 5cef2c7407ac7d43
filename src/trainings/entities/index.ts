import { Qualification } from './qualification.entity';
import { QualificationCheckup, QualificationLapseWarning } from './qualification-checkup.entity';
import { QualificationReminder } from './qualification-reminder.entity';
import { Training } from './training.entity';
import { TrainingAttendee, TrainingSession } from './training-session.entity';

/** The trainings feature's tables; the app module gives every feature's list to the database module. */
export const TRAININGS_ENTITIES = [
  Training,
  Qualification,
  TrainingSession,
  TrainingAttendee,
  QualificationReminder,
  QualificationCheckup,
  QualificationLapseWarning,
];
export { Qualification, QualificationCheckup, QualificationLapseWarning, QualificationReminder, Training, TrainingAttendee, TrainingSession };
