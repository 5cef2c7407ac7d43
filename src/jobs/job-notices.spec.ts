import { jobMail } from './job-notices';

describe('the mail to a job’s owner', () => {
  const job = { fileName: 'support.gcode', reason: null };

  it('is in French by default, with the event in words', () => {
    const mail = jobMail('Amina', job, 'Prusa MK4', 'job.completed', 'https://lab.example/jobs', 'fr');
    expect(mail.subject).toBe('Votre travail « support.gcode » est terminé (Prusa MK4)');
    expect(mail.text).toBe('Bonjour Amina,\n\nVotre travail « support.gcode » sur Prusa MK4 est terminé.\n\nSuivi en direct : https://lab.example/jobs\n');
  });

  it('is in English for an English-speaking owner, with the reason of a failure', () => {
    const mail = jobMail('Sam', { ...job, reason: 'filament runout' }, 'Prusa MK4', 'job.failed', 'https://lab.example/jobs', 'en');
    expect(mail.subject).toBe('Your job "support.gcode" has failed (Prusa MK4)');
    expect(mail.text).toContain('Reason: filament runout');
    expect(mail.text).toContain('Follow it live: https://lab.example/jobs');
    expect(mail.text).not.toMatch(/Bonjour|Raison/);
  });

  it('says a job was stopped for any other event', () => {
    expect(jobMail('Sam', job, 'Prusa', 'job.cancelled', '/jobs', 'en').subject).toContain('was stopped');
    expect(jobMail('Amina', job, 'Prusa', 'job.cancelled', '/jobs', 'fr').subject).toContain('a été interrompu');
  });
});
