"""Holdfast takes no files: no form has a file field (posts carry no images). Django would
still read a file part of any POST to a temporary file on disk, however large, because
DATA_UPLOAD_MAX_MEMORY_SIZE does not count files. This handler reads file parts and drops
them, storing nothing; past DATA_UPLOAD_MAX_MEMORY_SIZE in all, the request gets the same
413 page as any other body that is too large (config.views.bad_request)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class DropFileUploads(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise RequestDataTooBig("A file part larger than the request limit.")
        return None  # dropped: nothing is kept in memory or on disk

    def file_complete(self, file_size):
        return None  # no file object: request.FILES stays empty
