from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """A running worker process says here, every few seconds, that it is alive and which task it is running.

    A running task whose worker has not said so for `WORKER_LOST_AFTER_SECONDS` (killed, machine lost, hung) is
    taken back by the next worker's sweep (`reflex.worker.runner.recover_lost_tasks`).
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    hostname = models.CharField(_("host"), max_length=255)
    pid = models.IntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen at"), db_index=True)
    task_id = models.UUIDField(_("running task"), null=True, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return f"{self.hostname}:{self.pid}"
