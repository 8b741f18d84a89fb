import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_with_gps(name="foto.jpg", size=(640, 480)):
    """A JPEG carrying EXIF with a GPS position (as a phone camera writes it)."""
    image = Image.new("RGB", size, "green")
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    gps = {1: "S", 2: (6.0, 17.0, 30.0), 3: "E", 4: (106.0, 47.0, 10.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def not_an_image(name="foto.jpg"):
    return SimpleUploadedFile(name, b"<?php echo 'hi'; ?>" * 10, content_type="image/jpeg")
