"""`merge … --feedback MAP`: a letter to every board about its workbook, from the merge's one check.

    sjabloon = load_template()                 # templates/terugkoppeling.j2, or the SWV's own copy
    prepare_folder(folder)                     # before the merge: a wrong folder stops at once
    write_letters(result, folder, sjabloon)    # after the merge: one .docx per board, s.feedback filled

model.py builds a letter as data from the merge result (nothing is checked again), template.py
holds the SWV's editable texts, word.py lays a letter out in the report's house style, names.py
makes safe, unique file names, write.py writes them one by one. The overview's sheet
Terugkoppeling (merge/sheets.py) lists which board got which letter.
"""

from xltoolkit.services.feedback.model import Brief, build_brief
from xltoolkit.services.feedback.template import FeedbackError, LetterTemplate, load_template
from xltoolkit.services.feedback.word import render_brief_docx
from xltoolkit.services.feedback.write import prepare_folder, write_letters

__all__ = ["Brief", "FeedbackError", "LetterTemplate", "build_brief", "load_template", "prepare_folder", "render_brief_docx",
           "write_letters"]
