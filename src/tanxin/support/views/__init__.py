"""Support-fund pages, by audience: bureau (schemes, results, exports), everyone's application page,
experts' queue, and public pages."""
