"""How hard or unpleasant an activity is expected to be, and how it was (0-10), beside pleasure and mastery."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reconnect', '0004_owner_required'),
    ]

    operations = [
        migrations.AddField(
            model_name='activity',
            name='actual_dread',
            field=models.SmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='activity',
            name='predicted_dread',
            field=models.SmallIntegerField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.CheckConstraint(condition=models.Q(('predicted_dread__isnull', True), models.Q(('predicted_dread__gte', 0), ('predicted_dread__lte', 10)), _connector='OR'), name='activity_predicted_dread_range'),
        ),
        migrations.AddConstraint(
            model_name='activity',
            constraint=models.CheckConstraint(condition=models.Q(('actual_dread__isnull', True), models.Q(('actual_dread__gte', 0), ('actual_dread__lte', 10)), _connector='OR'), name='activity_actual_dread_range'),
        ),
    ]
