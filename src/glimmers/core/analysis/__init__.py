"""The insights engine and the clinician report (text, chart and PDF)."""
